"""Shared widgets and looks: touch buttons and scrolling, icons, the theme, the on-screen keyboard."""
