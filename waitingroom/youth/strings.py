"""Every text a youth reference group member's phone shows around the questions.

The page receives these in its language as a JSON data block; the questions,
answer labels and round titles come with the rounds from the API. Readers are
13 to 17: plain words, addressed as "you", no jargon.
"""

from flask_babel import lazy_gettext as _l

from waitingroom.kiosk.strings import KIOSK_STRINGS

YOUTH_STRINGS = {
    # Translators: the title of a youth group member's page (browser tab).
    "title": _l("Youth reference group"),
    # Translators: the heading of the member's start page, listing consultation rounds.
    "home": _l("Have your say"),
    "loading": _l("Loading…"),
    # Translators: shown when the rounds could not be fetched (no network, server away).
    "load_failed": _l("The questions could not be loaded. Check your connection and try again."),
    "retry": _l("Try again"),
    # Translators: heading above the rounds a member can answer now.
    "open_rounds": _l("Open now"),
    # Translators: heading above rounds that have closed, whose results can be seen.
    "closed_rounds": _l("Closed rounds"),
    "no_rounds": _l("There is nothing to answer right now. We will tell you when there is."),
    # Translators: %(date)s is a day, e.g. "4 December".
    "closes_on": _l("Open until %(date)s"),
    "change_until": _l("You can change your answer until then."),
    "answered": _l("You have answered this round."),
    "start": _l("Start"),
    # Translators: opens a round the member already answered, with their answer filled in.
    "change": _l("Change my answer"),
    # Translators: %(date)s is a day, e.g. "4 December".
    "closed_on": _l("Closed on %(date)s"),
    "see_result": _l("See the result"),
    # Translators: %(n)s is this question's number, %(total)s how many there are.
    "progress": _l("Question %(n)s of %(total)s"),
    # Translators: skips one question; shown on every question.
    "skip": _l("Skip this question"),
    "next": _l("Next"),
    "back": _l("Back"),
    # Translators: the button on the last question, which sends all the answers.
    "send": _l("Send my answers"),
    # Translators: help for a ranking question.
    "rank_help": _l(
        "Tap them in order, the most important first. Tap one again to take it out of the order."
    ),
    # Translators: %(count)s is how many options are not yet put in order.
    "rank_left": _l("Left to put in order: %(count)s"),
    "rank_done": _l("All of them are in order."),
    # Translators: read by screen readers on a ranked option; %(n)s is its place.
    "rank_place": _l("Place %(n)s"),
    # Translators: %(option)s is an option's text.
    "move_up": _l("Move up: %(option)s"),
    "move_down": _l("Move down: %(option)s"),
    # Translators: help for a question where the member spreads points; %(budget)s is a number.
    "points_help": _l("Use + and − to give points. Use all %(budget)s points."),
    # Translators: a live count while points are given; %(count)s is a number.
    "points_left": _l("Points left: %(count)s"),
    # Translators: label of a "+" button; %(option)s is an option's text.
    "points_more": _l("One more point for %(option)s"),
    # Translators: label of a "−" button; %(option)s is an option's text.
    "points_less": _l("One point less for %(option)s"),
    # Translators: an honest notice above the box for the member's own idea. Keep it plain.
    "idea_notice": _l(
        "We read what you write. Do not write names or anything that shows who you are. "
        "If you tell us that someone hurts you or that you are not safe, we may need to "
        "tell someone who can help you."
    ),
    # Translators: under the writing box.
    # %(count)s is how many characters were written, %(max)s the most allowed.
    "text_count": _l("%(count)s of %(max)s characters"),
    # Translators: the three answers to an idea from the group.
    "agree": _l("Agree"),
    "disagree": _l("Disagree"),
    # Translators: "no opinion" on an idea from the group.
    "pass": _l("Pass"),
    "sending": _l("Sending…"),
    "thanks": _l("Thank you!"),
    # Translators: %(date)s is a day, e.g. "4 December".
    "thanks_text": _l("We have your answer. You can change it until %(date)s."),
    # Translators: goes back to the list of rounds.
    "to_start": _l("Back to the start"),
    # Translators: shown at once when what the member wrote suggests they may not be safe.
    "support_title": _l("Thank you for telling us."),
    # Translators: nobody reads the answers right away, so say where help is now.
    "support_text": _l("Nobody reads this right away. If you need help now, talk to someone:"),
    # Translators: first line of the helpline list on a member's phone.
    "help_adult": _l("An adult you trust, or the staff at your clinic"),
    "help_112": KIOSK_STRINGS["help_112"],
    "help_bris": KIOSK_STRINGS["help_bris"],
    "help_mind": KIOSK_STRINGS["help_mind"],
    "help_1177": KIOSK_STRINGS["help_1177"],
    # Translators: the round closed while the member was answering.
    "round_closed": _l("This round has closed, so answers can no longer change."),
    # Translators: the server refused the answer; %(message)s is its reason (may be English).
    "invalid": _l("Your answer could not be saved: %(message)s"),
    # Translators: the answer could not be sent (no network, server busy). Nothing is lost.
    "offline": _l("Your answer has not been sent yet. It is kept on this phone: try again."),
    # Translators: the link stopped working while the member was answering.
    "link_gone": _l("This link no longer works. Ask staff for a new link."),
    # Translators: on the start page, when an earlier answer did not reach the server.
    "pending": _l("You have an answer that has not been sent yet."),
    "send_now": _l("Send it now"),
    # Translators: %(answered)s and %(members)s are numbers of people in the group.
    "participation": _l("%(answered)s of %(members)s members answered."),
    # Translators: heading of staff's note on what they did with a closed round's answers.
    "outcome": _l("What we did with your answers"),
    "no_outcome": _l("The staff have not written what they will do yet."),
    # Translators: heading above a closed round's figures.
    "results": _l("What the group answered"),
    # Translators: small-number protection; %(min)s is a number, usually 5.
    "suppressed": _l(
        "Fewer than %(min)s answered, so it is not shown, to keep everyone anonymous."
    ),
    # Translators: a ranking's result; %(place)s is an average place, e.g. "2.4".
    "mean_rank": _l("average place %(place)s"),
    # Translators: a points question's result; %(count)s is a number of points.
    "points_total": _l("%(count)s points"),
    # Translators: %(count)s is a number of answers.
    "answer_count": _l("%(count)s answered"),
    # Translators: how many wrote an idea of their own; %(count)s is a number.
    "ideas_written": _l("%(count)s wrote an idea of their own."),
    "no_ideas": _l("No ideas to vote on yet."),
    "posts": KIOSK_STRINGS["posts"],
    # Translators: under "You said, we did" on a member's page: what the posts are.
    "posts_intro": _l("What the clinics changed after hearing from children and young people."),
    "post_done": KIOSK_STRINGS["post_done"],
    "post_in_progress": KIOSK_STRINGS["post_in_progress"],
    "post_cant_do": KIOSK_STRINGS["post_cant_do"],
    "post_because": KIOSK_STRINGS["post_because"],
    # Translators: a post for every clinic in the region, not one clinic.
    "post_region": _l("Every clinic"),
}
