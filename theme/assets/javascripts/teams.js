/*
 * Inside Teams (or Outlook and the Microsoft 365 app), a page is shown in a frame. There, and
 * only there, this loads Microsoft's Teams client library, served from the site beside this
 * file, tells Teams the page is ready (Teams then hides its loading indicator) and follows
 * Teams' light or dark theme. Opened directly, the page loads nothing more.
 * window.handbookTeams says how far it got: "unframed", "loading", "initialising",
 * "initialised" or "failed" (with the error).
 */
(function () {
  "use strict"

  var status = window.handbookTeams = { state: "unframed" }
  if (window.parent === window)
    return
  var library = new URL("MicrosoftTeams.min.js", document.currentScript.src).href
  document.documentElement.classList.add("hb-in-teams")  // handbook.css: no double chrome
  status.state = "loading"

  // When it loads, the library asks a Microsoft CDN for the list of hosts it may talk to, and
  // uses its built-in list when that fails. A handbook makes no request outside the site (its
  // Content-Security-Policy would block this one anyway): refuse it before it is sent.
  var siteFetch = window.fetch
  window.fetch = function (resource, options) {
    var address = resource instanceof Request ? resource.url : String(resource)
    if (new URL(address, location.href).origin !== location.origin)
      return Promise.reject(new TypeError("handbook: no request leaves the site"))
    return siteFetch.call(this, resource, options)
  }

  function follow(theme) {
    // Teams' themes: "default", "dark" and "contrast"; Material's: "default" and "slate".
    var scheme = theme === "default" ? "default" : "slate"
    document.body.setAttribute("data-md-color-scheme", scheme)
  }

  function fail(error) {
    status.state = "failed"
    status.error = String(error)
    console.info("handbook: Teams did not answer: " + status.error)
  }

  var script = document.createElement("script")
  script.src = library
  script.onerror = function () { fail("cannot load " + library) }
  script.onload = function () {
    var teams = window.microsoftTeams
    status.state = "initialising"
    console.info("handbook: Teams client library " + teams.version + " initialising")
    teams.app.initialize().then(function () {
      status.state = "initialised"
      teams.app.notifySuccess()
      return teams.app.getContext()
    }).then(function (context) {
      follow(context.app.theme)
      teams.app.registerOnThemeChangeHandler(follow)
    }).catch(fail)
  }
  document.head.appendChild(script)
})()
