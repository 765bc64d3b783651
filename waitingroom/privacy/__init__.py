"""Privacy: pure functions that stand between what a child types and what is stored.

- `scrubbing.scrub` replaces identity numbers, phone numbers, e-mail addresses
  and self-introduced names with placeholders (DESIGN.md §2 rule 2).
- `safeguarding.assess` flags free text that may mean a child is at risk, so
  the comment is quarantined and the child is shown help at once
  (domain.md §6.4 rule 5).

The word lists behind both are data, one module per language, in `lexicon/`.
Nothing here imports Flask, touches the network or keeps state between calls.
"""

from waitingroom.privacy.safeguarding import CATEGORIES, Concern, assess
from waitingroom.privacy.scrubbing import PLACEHOLDERS, Scrubbed, scrub

__all__ = ["CATEGORIES", "PLACEHOLDERS", "Concern", "Scrubbed", "assess", "scrub"]
