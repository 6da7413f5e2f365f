// Reports what happens while a signed-in person watches a course video, so
// that the learning record (xAPI Video Profile) follows it and watching 90%
// of a part's video marks its lesson read. Without this script the video
// still plays, with its captions and transcript; the lesson is then marked
// read with its button.
(function () {
  'use strict';
  var THRESHOLD = 0.9;

  function merged(segments) {
    var s = segments.filter(function (x) { return x[1] > x[0]; })
      .sort(function (a, b) { return a[0] - b[0]; });
    var out = [];
    s.forEach(function (x) {
      var last = out[out.length - 1];
      if (last && x[0] <= last[1]) { last[1] = Math.max(last[1], x[1]); } else { out.push([x[0], x[1]]); }
    });
    return out;
  }

  function watch(video) {
    var url = video.dataset.events;
    var part = video.dataset.part ? Number(video.dataset.part) : null;
    var session = (self.crypto && crypto.randomUUID) ? crypto.randomUUID()
      : '00000000-0000-4000-8000-' + String(Date.now()).padStart(12, '0').slice(-12);
    var seq = 0, segments = [], start = null, last = 0, completed = false;

    function played() {
      var open = start === null ? [] : [[start, video.currentTime]];
      return merged(segments.concat(open));
    }
    function progress() {
      var d = video.duration;
      if (!(d > 0)) { return 0; }
      return played().reduce(function (sum, x) { return sum + Math.min(x[1], d) - Math.min(x[0], d); }, 0) / d;
    }
    function send(verb, extra) {
      var body = { part: part, session: session, seq: seq++, length: video.duration, verb: verb };
      Object.keys(extra || {}).forEach(function (k) { body[k] = extra[k]; });
      return fetch(url, {
        method: 'POST', credentials: 'same-origin', keepalive: true,
        headers: { 'content-type': 'application/json' }, body: JSON.stringify(body)
      }).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (b) {
          if (b && b.lesson_done) {
            var status = document.querySelector('[data-lesson-status]');
            if (status) { status.textContent = 'read'; status.className = 'pill good'; }
            var button = document.querySelector('[data-lesson-button]');
            if (button) { button.remove(); }
          }
        })
        .catch(function () { /* the record is best effort; the page goes on */ });
    }
    function close() {
      if (start !== null) { segments = merged(segments.concat([[start, video.currentTime]])); start = null; }
    }
    function maybeComplete() {
      if (!completed && progress() >= THRESHOLD) {
        completed = true;
        send('completed', { time: video.currentTime, segments: played() });
      }
    }

    if (video.readyState >= 1) { send('initialized'); } else {
      video.addEventListener('loadedmetadata', function () { send('initialized'); }, { once: true });
    }
    video.addEventListener('play', function () { start = video.currentTime; send('played', { time: video.currentTime }); });
    video.addEventListener('pause', function () {
      if (video.seeking) { return; }
      close();
      if (!video.ended) { send('paused', { time: video.currentTime, segments: segments }); }
    });
    video.addEventListener('seeking', function () {
      if (start !== null) { segments = merged(segments.concat([[start, last]])); start = null; }
    });
    video.addEventListener('seeked', function () {
      send('seeked', { from: last, to: video.currentTime });
      last = video.currentTime;
      if (!video.paused) { start = video.currentTime; }
    });
    video.addEventListener('timeupdate', function () {
      if (!video.seeking) { last = video.currentTime; }
      maybeComplete();
    });
    video.addEventListener('ended', function () { close(); maybeComplete(); });
  }

  document.querySelectorAll('video[data-events]').forEach(watch);
})();
