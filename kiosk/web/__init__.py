"""Everything QtWebEngine: profile factory, request interceptor, the kiosk page."""
