"""Staff accounts: sessions, roles, API tokens, login throttling."""
