"""The e-service screen: the chrome bar, the visitor's web view, page and profile, and the native problem panels."""
