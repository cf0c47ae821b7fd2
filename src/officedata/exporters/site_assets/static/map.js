// The interactive map: country outlines, one marker per place coloured by status, numbered
// squares for stations known only by country. Everything comes from map-data.js; no tiles,
// no requests to other sites.
(function () {
  "use strict";
  var element = document.getElementById("map");
  var data = window.OFFICEDATA_MAP;
  if (!element || !data || !window.L) { return; }

  var map = L.map(element, {
    center: [25, 10],
    zoom: 2,
    minZoom: 1,
    maxZoom: 9,
    worldCopyJump: false,
    maxBounds: [[-85, -200], [85, 200]],
    keyboard: true
  });
  map.attributionControl.addAttribution("Outlines: countryinfo");

  L.geoJSON(data.outlines, {
    interactive: false,
    style: function (feature) {
      var host = feature.properties.host;
      return {
        color: "#8c9aa6",
        weight: 0.6,
        fillColor: host ? "#f1e4c8" : "#fbfbf8",
        fillOpacity: 1
      };
    }
  }).addTo(map);

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function stationList(stations) {
    var list = document.createElement("ul");
    list.className = "popup-list";
    stations.forEach(function (station) {
      var item = document.createElement("li");
      item.appendChild(link(station.href, station.title));
      item.appendChild(document.createTextNode(
        " — " + station.status + (station.disputed ? ", disputed" : "")));
      list.appendChild(item);
    });
    return list;
  }

  function popup(title, stations, extra) {
    var box = document.createElement("div");
    var heading = document.createElement("strong");
    heading.textContent = title;
    box.appendChild(heading);
    if (extra) { box.appendChild(extra); }
    box.appendChild(stationList(stations));
    return box;
  }

  var markers = [];
  data.places.forEach(function (place) {
    var count = place.stations.length;
    var size = count > 1 ? 22 : 16;
    var colour = data.colours[place.status] || data.colours.mixed;
    var icon = L.divIcon({
      className: "place-marker",
      html: count > 1 ? String(count) : "",
      iconSize: [size, size]
    });
    var label = place.label + ": " + count + (count > 1 ? " stations" : " station");
    var marker = L.marker([place.lat, place.lon], { icon: icon, title: label, alt: label, keyboard: true });
    marker.bindPopup(popup(place.label, place.stations));
    marker.on("add", function () {
      marker.getElement().style.background = colour;
      marker.getElement().setAttribute("aria-label", label);
    });
    marker.addTo(map);
    markers.push({ marker: marker, ids: place.stations.map(function (s) { return s.id; }) });
  });

  data.countryCounts.forEach(function (country) {
    var icon = L.divIcon({ className: "country-marker", html: String(country.count), iconSize: [22, 22] });
    var label = country.name + ": " + country.count +
      (country.count > 1 ? " stations" : " station") + " known only by country";
    var marker = L.marker([country.lat, country.lon], { icon: icon, title: label, alt: label, keyboard: true });
    var note = document.createElement("p");
    note.appendChild(document.createTextNode(country.count + " known only by country. "));
    note.appendChild(link(country.href, "About " + country.name));
    marker.bindPopup(popup(country.name, country.stations, note));
    marker.on("add", function () { marker.getElement().setAttribute("aria-label", label); });
    marker.addTo(map);
    markers.push({ marker: marker, ids: country.stations.map(function (s) { return s.id; }) });
  });

  // Follow the table's search and filters: a marker shows while any of its stations is listed.
  document.addEventListener("stations-filtered", function (event) {
    var visible = {};
    event.detail.visible.forEach(function (id) { visible[id] = true; });
    markers.forEach(function (entry) {
      var show = entry.ids.some(function (id) { return visible[id]; });
      if (show && !map.hasLayer(entry.marker)) { entry.marker.addTo(map); }
      if (!show && map.hasLayer(entry.marker)) { entry.marker.remove(); }
    });
  });
})();
