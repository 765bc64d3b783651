"""Every text the waiting-room tablet shows around the questions themselves.

The kiosk page receives these in every shipped language at once, so a child
who picks a language sees and hears it at once, without asking the server
(which may be out of reach on hospital wifi). The questions and answer
labels come with the flows instead.

Words are short and plain: the youngest readers are four to seven years old,
and many hear the text read aloud rather than read it.
"""

from flask_babel import lazy_gettext as _l

KIOSK_STRINGS = {
    # Translators: the title of the waiting-room tablet's page (browser tab).
    "title": _l("Waiting room"),
    # Translators: big invitation on the tablet's start screen, for children and parents.
    "invite": _l("What did you think of your visit?"),
    # Translators: the big button on the start screen.
    "start": _l("Tap to start"),
    # Translators: heading above what the clinic changed after earlier feedback.
    "posts": _l("You said, we did"),
    # Translators: a "You said, we did" post's status, in words a 4-year-old understands.
    "post_done": _l("We did it"),
    # Translators: a "You said, we did" post's status: the change is being made.
    "post_in_progress": _l("We are working on it"),
    # Translators: a "You said, we did" post's status: the idea cannot be carried out.
    "post_cant_do": _l("We can't do it"),
    # Translators: before the reason why an idea cannot be carried out.
    "post_because": _l("This is why:"),
    "language": _l("Choose your language"),
    "audience": _l("Who is answering?"),
    # Translators: a picture button for a child aged 4 to 7, in the child's own voice.
    "audience_age_4_7": _l("I am 4–7 years old"),
    "audience_age_8_12": _l("I am 8–12 years old"),
    "audience_age_13_17": _l("I am 13–17 years old"),
    # Translators: a picture button for a parent or another adult relative.
    "audience_relative": _l("I am a parent or relative"),
    # Translators: skips one question; shown on every question. Child's own voice.
    "skip": _l("I don't want to answer"),
    "next": _l("Next"),
    "back": _l("Back"),
    # Translators: plays the screen's text with the tablet's voice.
    "read_aloud": _l("Read aloud"),
    # Translators: on every screen; opens a panel telling the child where staff are.
    "talk": _l("I want to talk to someone"),
    # Translators: the panel opened by "I want to talk to someone".
    "talk_text": _l("Tell someone at the reception desk. They are here to help you."),
    "close": _l("Close"),
    # Translators: asked after a while without any tap, before the tablet starts over.
    "still_there": _l("Are you still there?"),
    "still_here": _l("Yes, I am still here"),
    # Translators: %(seconds)s is a number that counts down.
    "countdown": _l("Starting over in %(seconds)s seconds"),
    "thanks": _l("Thank you!"),
    "thanks_text": _l("We will read what you said."),
    # Translators: %(n)s is this question's number, %(total)s how many there are.
    "progress": _l("Question %(n)s of %(total)s"),
    # Translators: shown when the tablet has no questions yet (no network at start-up).
    "not_ready": _l("The tablet is not ready yet. Please ask at the desk."),
    # Translators: the talk panel, when staff of this clinic were alerted by the tablet.
    "talk_alerted": _l("An adult has been told."),
    # Translators: above the box where children aged 8 and up may write freely.
    # An honest promise in the child's words. Keep it plain; do not soften it.
    "text_notice": _l(
        "We read what you write. If you tell us that someone hurts you or that you are "
        "not safe, we may need to tell someone who can help you."
    ),
    # Translators: under the writing box.
    # %(count)s is how many characters were written, %(max)s the most allowed.
    "text_count": _l("%(count)s of %(max)s characters"),
    # Translators: above a list of helplines, shown with every writing box and after it.
    # Nobody reads the answers while the child waits.
    "help_intro": _l("This is not read right away. If you need help now:"),
    # Translators: first line of the helpline list: the clinic's own staff.
    "help_staff": _l("Talk to the staff here"),
    # Translators: Sweden's emergency number. Keep the number as it is.
    "help_112": _l("112 — emergency"),
    # Translators: BRIS, the Swedish children's helpline. Keep the name and number.
    "help_bris": _l("BRIS 116 111 — for children and young people, day and night"),
    # Translators: a Swedish suicide prevention line. Keep the name and number.
    "help_mind": _l("Mind Självmordslinjen 90101"),
    # Translators: the Swedish healthcare advice line. Keep the number as it is.
    "help_1177": _l("1177 — healthcare advice"),
    # Translators: shown at once when what the child wrote suggests they may not be safe.
    "support_title": _l("Thank you for telling us."),
    "support_text": _l("You are not alone."),
    # Translators: a big button on that screen, in the child's own voice.
    # It calls a staff member where the clinic allows it.
    "support_talk": _l("I want a grown-up to come now"),
    # Translators: above three buttons that set how big the tablet's text is.
    # The choice lasts until the tablet starts over for the next family.
    "text_size": _l("Text size"),
    # Translators: one of three text size buttons (each shows a letter A, bigger and bigger).
    "text_normal": _l("Normal text"),
    "text_large": _l("Large text"),
    "text_largest": _l("Largest text"),
    # Translators: a button that switches the tablet to strong black-and-white colours.
    "contrast": _l("High contrast"),
    # Translators: small note for staff: finished answers stored on the tablet,
    # sent when the network is back. %(count)s is a number.
    "outbox": _l("Waiting to be sent: %(count)s"),
}
