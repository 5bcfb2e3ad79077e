/*
 * Search set-up, run before Material's bundle reads its configuration.
 *
 * 1. Material's search worker is replaced by workers/search-folding.js, which loads Material's
 *    worker (its file name follows the "#") and makes the search ignore accents.
 * 2. Opened from files (file://), a page may not start a web worker, so the worker runs in a
 *    hidden frame instead. Material's offline plugin does the same with a script fetched from
 *    a CDN (iframe-worker); a handbook must load nothing from outside the site, so this is
 *    that stand-in, kept to what Material's search worker uses: importScripts, postMessage and
 *    "message" events. Material then reads search/search_index.js instead of fetching the
 *    index (written after the build by generator/finish.py).
 */
(function () {
  "use strict"

  var element = document.getElementById("__config")
  var config = JSON.parse(element.textContent)
  if (!config.search)
    return  // search is off: nothing to set up
  var material = config.search.split("/").pop()
  config.search = config.search.replace(/[^/]*$/,
    "search-folding.js#" + encodeURIComponent(material))
  element.textContent = JSON.stringify(config)

  if (location.protocol !== "file:")
    return

  class FrameWorker extends EventTarget {
    constructor(url) {
      super()
      var frame = document.createElement("iframe")
      frame.hidden = true
      frame.title = "search"
      document.body.appendChild(frame)
      var scope = frame.contentWindow
      var doc = frame.contentDocument
      var worker = this
      var imports = Promise.resolve()

      function load(src) {
        return new Promise(function (resolve, reject) {
          var script = doc.createElement("script")
          script.src = src
          script.onload = resolve
          script.onerror = function () { reject(new Error("search: cannot load " + src)) }
          doc.head.appendChild(script)
        })
      }

      // A worker's importScripts runs scripts in order: here each waits for the previous one.
      scope.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments)
        imports = urls.reduce(function (done, src) {
          return done.then(function () { return load(src) })
        }, imports)
        return imports
      }
      scope.postMessage = function (data) {
        worker.dispatchEvent(new MessageEvent("message", { data: structuredClone(data) }))
      }
      this.frame = frame
      this.scope = scope
      // Messages wait until the worker script and the scripts it imported have run.
      this.ready = load(new URL(url, document.baseURI).href)
        .then(function () { return imports })
    }

    postMessage(data) {
      var scope = this.scope
      var copy = structuredClone(data)
      this.ready.then(function () {
        scope.dispatchEvent(new scope.MessageEvent("message", { data: copy }))
      })
    }

    terminate() {
      this.frame.remove()
    }
  }

  window.Worker = FrameWorker
  // Material's worker looks for this name to find its language files from inside a frame.
  window.IFrameWorker = FrameWorker
})()
