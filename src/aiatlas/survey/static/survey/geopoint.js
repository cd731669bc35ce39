/* The geopoint map picker: a Leaflet map over the vendored world boundaries (Natural
 * Earth 1:110m through world-atlas; no tile server, works offline). A click or tap puts
 * the point and fills the latitude and longitude fields; typing in the fields moves the
 * point. Without this script (or if the boundaries cannot load) the fields alone remain. */
(function () {
  "use strict";
  const L = window.L;
  const topo = window.topojson;
  const maps = document.querySelectorAll("[data-geo-map]");
  if (!L || !topo || !maps.length) return;

  let boundaries = null;
  function loadBoundaries(url) {
    if (boundaries === null) {
      boundaries = fetch(url, { credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error("HTTP " + r.status))))
        .then((t) => {
          const countries = topo.feature(t, t.objects.countries);
          // Antarctica (010) is no Member State's office; rings crossing the 180th meridian
          // (Russia, Fiji) are unwrapped so that no line is drawn across the map
          countries.features = countries.features.filter((f) => f.id !== "010");
          countries.features.forEach((f) => unwrap(f.geometry));
          return countries;
        });
    }
    return boundaries;
  }

  function unwrapRing(ring) {
    let shift = 0;
    for (let k = 1; k < ring.length; k++) {
      const step = ring[k][0] + shift - ring[k - 1][0];
      if (step > 180) shift -= 360;
      else if (step < -180) shift += 360;
      ring[k] = [ring[k][0] + shift, ring[k][1]];
    }
  }
  function unwrap(geometry) {
    if (!geometry) return;
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    for (const polygon of polygons) polygon.forEach(unwrapRing);
  }

  function number(text) {
    const v = parseFloat(String(text).trim().replace(",", "."));
    return Number.isFinite(v) ? v : NaN;
  }

  for (const el of maps) {
    const wrap = el.closest(".survey-q");
    const lat = wrap ? wrap.querySelector("input[name$='.lat']") : null;
    const lon = wrap ? wrap.querySelector("input[name$='.lon']") : null;
    if (!lat || !lon) continue;
    el.hidden = false;
    const map = L.map(el, {
      attributionControl: false,
      zoomControl: false,
      minZoom: 0,
      maxZoom: 12,
      zoomSnap: 0.5,
      maxBounds: [[-90, -220], [90, 220]],
    });
    // the zoom buttons' names come translated from the page (data-zoom-in, data-zoom-out)
    L.control.zoom({
      zoomInTitle: el.dataset.zoomIn || "+",
      zoomOutTitle: el.dataset.zoomOut || "\u2212",
    }).addTo(map);
    map.fitBounds([[-56, -170], [78, 180]]); // the inhabited world, whatever the width
    loadBoundaries(el.dataset.boundaries)
      .then((countries) => {
        L.geoJSON(countries, {
          interactive: false,
          style: { color: "#7a8ca3", weight: 0.6, fillColor: "#f4f1e8", fillOpacity: 1 },
        }).addTo(map);
      })
      .catch(() => el.classList.add("geo-map-failed"));

    let marker = null;
    function place(a, b, pan) {
      if (marker === null) {
        marker = L.circleMarker([a, b], {
          radius: 7, color: "#7a0000", weight: 2, fillColor: "#d62828", fillOpacity: 0.9,
        }).addTo(map);
      } else {
        marker.setLatLng([a, b]);
      }
      if (pan) map.setView([a, b], Math.max(map.getZoom(), 4));
    }
    function fromFields(pan) {
      const a = number(lat.value), b = number(lon.value);
      if (Math.abs(a) <= 90 && Math.abs(b) <= 180) place(a, b, pan);
      else if (marker !== null) {
        marker.remove();
        marker = null;
      }
    }
    map.on("click", (event) => {
      if (lat.matches(":disabled")) return;
      const point = event.latlng.wrap();
      const a = Math.max(-90, Math.min(90, point.lat));
      lat.value = a.toFixed(6);
      lon.value = point.lng.toFixed(6);
      place(a, point.lng, false);
      for (const input of [lat, lon]) {
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    lat.addEventListener("change", () => fromFields(true));
    lon.addEventListener("change", () => fromFields(true));
    fromFields(true);
    // a question that appears later (relevance) gets its size then
    if (window.ResizeObserver) new ResizeObserver(() => map.invalidateSize()).observe(el);
  }
})();
