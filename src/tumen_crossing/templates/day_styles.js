function (map, looks, haloPane, hitClass) {
    // The map as it stood on a day, applied in place to the newest map's own features (the
    // app's DayStyles and the static export's date control both call this): features not yet
    // there leave their layer, the others take the day's style and tooltip summary.
    var groups = map.tcDayGroups;
    if (!groups) {  // first call: every feature is on the newest map; note their groups
        groups = map.tcDayGroups = [];
        map.eachLayer(function (layer) {
            if (!(layer instanceof L.GeoJSON) || layer.options.pane === haloPane) return;
            var members = layer.getLayers().filter(function (f) {
                return f.feature && typeof f.feature.properties.id === "string";
            });
            if (!members.length) return;
            layer.options.style = function (f) { return f.properties.style; };
            groups.push({group: layer, members: members});
        });
    }
    groups.forEach(function (entry) {
        var wanted = entry.members.filter(function (f) {
            return Object.prototype.hasOwnProperty.call(looks, f.feature.properties.id);
        });
        var present = entry.members.filter(function (f) {
            return entry.group.hasLayer(f);
        });
        var same = wanted.length === present.length && wanted.every(function (f, i) {
            return present[i] === f;
        });
        if (!same) {  // re-added in their first order, so the drawing order holds
            present.forEach(function (f) { entry.group.removeLayer(f); });
            wanted.forEach(function (f) { entry.group.addLayer(f); });
        }
        wanted.forEach(function (f) {
            var look = looks[f.feature.properties.id];
            f.feature.properties.style = look.style;
            f.feature.properties.summary = look.summary;
            // a line's hit area comes and goes with it, but stays invisible
            if ((f.options.className || "").indexOf(hitClass) < 0) f.setStyle(look.style);
        });
    });
}
