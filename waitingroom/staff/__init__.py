"""The staff application: live view, kiosks, comments, safeguarding, audit log."""
