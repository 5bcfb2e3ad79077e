/*
 * Accent-insensitive search: "securite" finds "sécurité", and "sécurité" finds "securite".
 *
 * Loads Material's search worker (its file name follows the "#" in this script's address),
 * then folds accents on both sides of the search: every word of the index as it is built (a
 * lunr pipeline step, which keeps each word's position, so results still highlight the words
 * as written), and every query before lunr reads it (queries ending in a wildcard skip lunr's
 * pipeline, and Material adds one to every word).
 *
 * Runs as a web worker, or inside a hidden frame when the handbook is opened from files (see
 * ../search.js).
 */
(function () {
  "use strict"

  var SETUP = 0, QUERY = 2  // Material's SearchMessageType
  var here = typeof document === "undefined" ? self.location.href : document.currentScript.src
  var material = new URL(decodeURIComponent(new URL(here).hash.slice(1)), here).href

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/Œ/g, "OE").replace(/æ/g, "ae").replace(/Æ/g, "AE")
  }

  function foldAccents(token) {
    return token.update(fold)
  }

  function foldEveryIndex(lunr) {
    if (lunr.Pipeline.registeredFunctions.foldAccents)
      return
    lunr.Pipeline.registerFunction(foldAccents, "foldAccents")
    // Material sets up the language pipelines, then names the reference field, then adds
    // the documents: the last moment to append the step to both pipelines.
    var ref = lunr.Builder.prototype.ref
    lunr.Builder.prototype.ref = function (name) {
      this.pipeline.add(foldAccents)
      this.searchPipeline.add(foldAccents)
      return ref.call(this, name)
    }
  }

  // Registered before Material's worker is loaded, so it sees each message first.
  addEventListener("message", function (event) {
    var message = event.data
    if (message.type === SETUP)
      foldEveryIndex(self.lunr)
    else if (message.type === QUERY && typeof message.data === "string")
      message.data = fold(message.data)
  })

  importScripts(material)
})()
