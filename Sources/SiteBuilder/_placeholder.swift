enum _PlaceholderSiteBuilder {}
