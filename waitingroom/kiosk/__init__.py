"""The waiting-room tablet: pairing and the kiosk app page."""
