"""Dari cases (drafts: a native Dari speaker should review them with the lexicon)."""

POSITIVES = [
    ("میخایم بمیرم", "self_harm"),
    ("میخایم خوده بکشم", "self_harm"),
    ("آته‌ام مره لت می‌کنه", "abuse"),
    ("کاکایم بالای مه دست میزنه", "abuse"),
    ("گفت تو ره میکشم", "violence"),
    ("از اندرپدرم میترسم", "unsafe"),
    ("نمیخایم خانه برم", "unsafe"),
    ("لطفاً کومکم کنین", "help"),
    ("به کومک ضرورت دارم", "help"),
]

LOOK_ALIKES = [
    "ای انتظار مره میکشه",  # this waiting is killing me
    "نرس خیلی کومک کد",  # the nurse helped a lot
    "از پیچکاری میترسم",  # I'm afraid of the injection
    "اتاق انتظار خوب بود",
    "داکتر به گپ‌هایم گوش داد",
    "ماین کرافت بازی کردم",  # Minecraft, not a (land) mine
]

NAMES = [
    ("سلام، نام مه احمد است و هشت ساله هستم", "احمد", "هشت ساله"),
    ("مه زهرا استم", "زهرا", "استم"),
    ("مه اینجه منتظر استم، نامم مریم است", "مریم", "منتظر استم"),
]
