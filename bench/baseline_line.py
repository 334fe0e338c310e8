"""The one GeoJSON line both baselines draw: the road bridge's two end points."""

LINE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"id": "road-bridge"},
            "geometry": {
                "type": "LineString",
                "coordinates": [[130.637557, 42.409203], [130.648337, 42.413451]],
            },
        }
    ],
}
