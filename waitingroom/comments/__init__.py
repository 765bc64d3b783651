"""Free-text comments: scrubbed before storage, moderated, safeguarding quarantined."""
