"""Turkish cases for waitingroom/privacy/lexicon/tr.py. NEEDS REVIEW by a native speaker."""

POSITIVES = [
    ("bazen ölmek istiyorum", "self_harm"),
    ("kendimi öldüreceğim", "self_harm"),
    ("yine kendimi kestim", "self_harm"),
    ("intihar etmeyi düşünüyorum", "self_harm"),
    ("babam beni dövüyor", "abuse"),
    ("üvey babam bana dokunuyor", "abuse"),
    ("kimse benimle ilgilenmiyor", "abuse"),
    ("onu öldüreceğim", "violence"),
    ("abimin bıçağı var", "violence"),
    ("babamdan korkuyorum", "unsafe"),
    ("eve gitmek istemiyorum", "unsafe"),
    ("okulda bana zorbalık yapıyorlar", "unsafe"),
    ("lütfen bana yardım edin", "help"),
    ("biriyle konuşmak istiyorum", "help"),
]

LOOK_ALIKES = [
    "Gülmekten öldüm, çizgi film çok güzeldi",
    "Babam beni arabayla getirdi ve benimle bekledi",
    "İğneden korktum ama hemşire çok iyiydi",
    "Doktor her şeyi güzelce anlattı",
    "Yardımınız için teşekkürler",
]

NAMES = [
    ("Merhaba, benim adım Ayşe ve 9 yaşındayım", "Ayşe", "ve 9 yaşındayım"),
    ("oğlumun adı Emre, çok sabırlıydı", "Emre", "çok sabırlıydı"),
]
