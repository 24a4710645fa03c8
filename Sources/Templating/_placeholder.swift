enum _PlaceholderTemplating {}
