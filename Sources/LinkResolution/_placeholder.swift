enum _PlaceholderLinkResolution {}
