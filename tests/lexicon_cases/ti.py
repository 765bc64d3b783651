"""Tigrinya cases (drafts: a native speaker should review them with the lexicon)."""

POSITIVES = [
    ("ክሞት እደሊ", "self_harm"),
    ("ርእሰይ ክቐትል ደልየ", "self_harm"),
    ("ኣቦይ ይወቕዓኒ", "abuse"),
    ("ኣኮይ ይትንክፈኒ እዩ", "abuse"),
    ("ክቐትለኒ እዩ ኢሉ", "violence"),
    ("ካብ ኣቦይ እፈርሕ", "unsafe"),
    ("ናብ ገዛ ክኸይድ ኣይደልን", "unsafe"),
    ("በጃኹም ሓግዙኒ", "help"),
]

LOOK_ALIKES = [
    "ብሰሓቕ ክሞት ቀሪበ",  # I nearly died laughing
    "ነርስ ብዙሕ ሓጊዛትኒ",  # the nurse helped me a lot
    "መርፍእ እፈርሕ",  # I am afraid of the needle
    "ክፍሊ ምጽባይ ጽቡቕ ነይሩ",
    "ሰራሕተኛታት ሰሚዖሙኒ",
]

NAMES = [
    ("ሰላም፡ ስመይ ሳባ እዩ። 9 ዓመተይ እዩ", "ሳባ", "9 ዓመተይ"),
    ("ሰላም፡ ስመይ ዮናስ እዩ", "ዮናስ", "ሰላም"),
]
