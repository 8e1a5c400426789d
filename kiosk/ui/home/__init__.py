"""The home screen: header, e-service tiles, the news, events, offices and usage cards."""
