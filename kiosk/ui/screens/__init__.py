"""Covers over the window: the overlay stack, dialogs, the idle warning, the closed and
alert screens, the attract poster."""
