"""Tigrinya, Ge'ez (Ethiopic) script: standard spelling and common spoken forms.

Ethiopic has no capitals, so there is no NAME_INTRODUCTIONS_IF_CAPITALISED;
the Ethiopic word space and full stop (፡ ።) count as spaces. Spelling varies
between letters that sound alike (ሀ/ሐ/ኀ, ሰ/ሠ, ጸ/ፀ); the phrases use the most
common spelling only. A DRAFT: these lists need review by a native speaker
who knows how Tigrinya-speaking children and teenagers write (see the package
docstring for the syntax).
"""

NAME_INTRODUCTIONS = (
    "ስመይ",  # my name (is)
    "ሽመይ",  # spoken
    "ስሙ",  # his name
    "ስማ",  # her name
    "ስም ወደይ",  # my son's name
    "ስም ጓለይ",  # my daughter's name
    "ስም ቆልዓይ",  # my child's name
    "ስም:",
)

# No NAME_FRAMES ("… ይብሉኒ", they call me …) for now: the scrubber skips
# frames for text without Arabic letters only while every frame is in the
# Arabic script, so one Ethiopic frame would make every comment slower.

NOT_NAMES = (
    "እዩ",
    "ኢዩ",
    "እየ",
    "ኢየ",
    "ከኣ",
    "ድማ",
    "እሞ",
    "እወ",
    "ኣይፋል",
    "ሕጂ",
    "ኣብዚ",
    "ኣነ",
    "ንሱ",
    "ንሳ",
    "ወዲ",
    "ጓል",
    "ቆልዓ",
    "ዓመት",
    "ዓመተይ",
    "ኤርትራዊ",
    "ኤርትራዊት",
    "ሓበሻ",
    "ከምኡ",
    "ኩሎም",
    "ሰባት",
)

WORD_SETS = {
    "people": (
        "ኣቦይ",
        "ኣቦ",
        "ኣደይ",
        "ኣደ",
        "ሓወይ",
        "ሓፍተይ",
        "ኣኮይ",
        "ኣኮ",
        "ኣሞይ",
        "ሓትነይ",
        "ኣባሓጎይ",
        "ዓባየይ",
        "መምህረይ",
        "መምህር",
        "ንሱ",
        "ንሳ",
        "ንሳቶም",
        "ሰብ",
        "ስድራይ",
    ),
}

CONCERNS = {
    "self_harm": (
        "ክሞት እደሊ|ደልየ|እደሊ'የ",  # I want to die
        "ምሞትኩ",  # I wish I were dead
        "ርእሰይ ክቐትል|ክቐትሎ|ቀቲለ|ክቐትላ|ክጠፍእ",  # kill myself
        "ነብሰይ|ነፍሰይ ክቐትል|ክቐትላ|ክጠፍእ",
        "ርእሰ ቅትለት",  # suicide
        "ርእሰይ ክጎድእ|እጎድእ|ጎዲአ|የጉድእ",  # hurt myself
        "ክነብር ኣይደልን",  # I don't want to live
        "ህይወት ጸሊኡኒ|ሰልቹኒ|ኣሕሊሉኒ",  # I am sick of life
    ),
    "abuse": (
        "ይወቕዓኒ|ይወቕዑኒ|ወቒዑኒ|ወቒዖምኒ|ትወቕዓኒ|ወቒዓትኒ",  # hits me
        "ይህርመኒ|ይሃርሙኒ|ሃሪሙኒ|ትህርመኒ",  # beats me
        "ይትንክፈኒ|ይትንክፉኒ|ተተንኪፉኒ",  # touches / molests me
        "ጾታዊ ዓመጽ|በደል|ግፍዒ|መጥቃዕቲ",  # sexual violence / abuse
        "ዓሚጹኒ|ይዓምጸኒ",  # rape
        "መግቢ ኣይህቡኒን|ኣይትህበንን",  # they don't give me food
    ),
    "violence": (
        "ክቐትለካ|ክቐትለኪ|ክቐትለኩም|ክቐትሎ|ክቐትላ",  # I'll kill you / him / her
        "ክቐትለኒ|ክቐትሉኒ|ክትቐትለኒ",  # (will) kill me
        "ይፈራርሓኒ|ይፈራርሑኒ|ፈራሪሑኒ",  # threatens me
        "ሻንጃ",  # knife
        "ሽጉጥ",  # pistol
        "ቦምባ",
    ),
    "unsafe": (
        "ውሑስ ኣይኮንኩን",  # I am not safe
        "ውሑሰት ኣይኮንኩን",
        "ውሑስነት ኣይስምዓንን|የብለይን",  # I don't feel safe
        "ካብ <people> እፈርሕ|ፈሪሐ",  # I am afraid of …
        "<people> እፈርሖ|እፈርሓ|እፈርሖም",
        "ናብ ገዛ ክኸይድ|ክምለስ ኣይደልን",  # I don't want to go home
        "ካብ ገዛ ክሃድም|ሃዲመ",  # run away from home
    ),
    "help": (
        "ሓግዙኒ|ሓግዘኒ|ሓግዝኒ",  # help me
        "ሓገዝ የድልየኒ",  # I need help
        "ኣድሕኑኒ|ኣድሕነኒ",  # save me
        "ምስ ሰብ ክዛረብ እደሊ",  # I want to talk to someone
    ),
}

NOT_CONCERNS = (
    # "I'm dying of laughter / hunger"
    "ብሰሓቕ|ብጥምየት ክሞት",
)
