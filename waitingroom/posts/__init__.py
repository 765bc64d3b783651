""" "You said, we did": short multilingual posts per unit or for the whole region.

Staff tell families and the youth group what changed after their feedback,
each post marked done, in progress, or can't do (with the reason), with a
pictogram for the youngest (research/domain.md section 5: children have a
right to hear back, and to hear why when an idea cannot be done).
"""
