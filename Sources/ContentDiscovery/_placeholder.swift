enum _PlaceholderContentDiscovery {}
