"""A right-to-left test translation: Arabic texts of the 2021 avslut questionnaire, the answer
options and every interface text, uploaded as an XLSX file and approved through the services."""

from matpunkt.instrument.models import InstrumentVersion, QuestionnaireTranslation
from matpunkt.instrument.translations import export_xlsx, translation_approve, translation_upload
from tests.translations.helpers import fill_xlsx

AVSLUT = {
    "deltagare_avslut.title": "استبيان المشاركين",
    "deltagare_avslut.form_label": "استبيان نهاية النشاط",
    "deltagare_avslut.cover_text": (
        "اسم النشاط: [namn på aktiviteten]\n\n"
        "[Plats för samordningsförbundets egen logotyp. Om egen logotyp inte används tas denna "
        "textruta bort.]\n\n"
        "كيف نعرف أن الأمور تتحسن؟\n\n"
        "أنت تشارك في نشاط يموله اتحاد تنسيق. نريد أن نعرف كيف ترى الدعم الذي تحصل عليه. "
        "الهدف هو تحسين النشاط. نرحب بآرائك!\n\n"
        "يتكون هذا الاستبيان من عشرة أسئلة. الإجابة طوعية تمامًا، ويمكنك تسليم الاستبيان فارغًا."
        "\n\n"
        "للأسئلة حول الاستبيان اتصل بـ:\n\n"
        "[Namn på kontaktperson]\n\n"
        "[Kontaktpersonens funktion samt samordningsförbundets namn]\n\n"
        "الهاتف: [telefonnummer]، البريد الإلكتروني: [e-mejladress]\n\n"
        "شكرًا لمشاركتك!"
    ),
    "deltagare_avslut.instructions": (
        "نريد من خلال هذا الاستبيان أن نعرف كيف ترى الدعم الذي تحصل عليه في النشاط. ضع علامة في "
        "المربع الذي يصف على أفضل وجه مدى موافقتك على كل سؤال. إذا كنت لا تعرف الإجابة عن سؤال "
        "يمكنك تخطيه.\n\n"
        "تتناول الأسئلة مدى شعورك بأن:\n\n"
        "- الدعم المقدم منظم حول احتياجاتك\n"
        "- لك تأثير وتحصل على الوقت الذي تحتاجه\n"
        "- هناك من يجمع اتصالاتك المختلفة بالجهات الحكومية\n"
        "- تشعر بأنك اقتربت خطوة من سوق العمل أو من إعالة نفسك"
    ),
    "deltagare_avslut.gender_prompt": "عنك:",
    "deltagare_avslut.gender.kvinna": "امرأة",
    "deltagare_avslut.gender.man": "رجل",
    "deltagare_avslut.gender.ej_uppgett": "لا أريد الإجابة/لا يناسبني أي خيار",
    "deltagare_avslut.F1": "هل حصلت على دعم بطريقة مفيدة جدًا لك؟",
    "deltagare_avslut.F2": "هل شاركت في تحديد الدعم الذي تحصل عليه/حصلت عليه؟",
    "deltagare_avslut.F3": "هل أخذ الدعم الوقت الذي احتجته؟",
    "deltagare_avslut.F4": (
        "هل كان لديك <u>شخص</u> واحد أو <u>فريق</u> واحد تستطيع التوجه إليه بأسئلتك واحتياجاتك؟"
    ),
    "deltagare_avslut.F5": "هل ساعدك الدعم الذي حصلت عليه على تطوير طرق للتعامل مع وضعك؟",
    "deltagare_avslut.F6": "هل تشعر بأنك <u>أكثر</u> استعدادًا للعمل أو الدراسة؟",
    "deltagare_avslut.F7": "هل تشعر بأن الموظفين استفادوا من خبراتك ومعارفك وآرائك؟",
    "deltagare_avslut.F8": "هل بدأتم التخطيط لما سيحدث بعد انتهاء الدعم الحالي؟",
    "deltagare_avslut.F9.instruction": "إذا كانت الإجابة نعم، انتقل إلى السؤالين 9 و10.",
    "deltagare_avslut.F9": "هل هناك تخطيط كافٍ لما سيحدث بعد انتهاء هذا الدعم؟",
    "deltagare_avslut.F10": "هل سيبدأ ما هو مخطط له في وقت معقول؟",
}

OPTIONS = {
    "scale.frekvens.1": "أبدًا",
    "scale.frekvens.2": "نادرًا",
    "scale.frekvens.3": "أحيانًا",
    "scale.frekvens.4": "غالبًا",
    "scale.frekvens.5": "في معظم الأحيان",
    "scale.frekvens.6": "دائمًا",
    "scale.omfattning.1": "لا على الإطلاق",
    "scale.omfattning.2": "بدرجة قليلة",
    "scale.omfattning.3": "جزئيًا",
    "scale.omfattning.4": "بدرجة كبيرة",
    "scale.omfattning.5": "بدرجة كبيرة جدًا",
    "scale.omfattning.6": "تمامًا",
    "scale.ja_nej.ja": "نعم",
    "scale.ja_nej.nej": "لا",
}

INTERFACE = {
    "skip_link": "انتقل إلى المحتوى",
    "logo_alt": "شعار %(name)s",
    "privacy_title": "كيف نتعامل مع إجاباتك",
    "error_prefix": "خطأ",
    "start_title": "أجب عن الاستبيان",
    "start_intro": "اكتب الرمز المكتوب على استبيانك. سيفتح الاستبيان بعد ذلك.",
    "start_error_heading": "تعذّر فتح الرمز",
    "code_label": "الرمز",
    "code_hint": "8 رموز، مثلًا 7KQ2MX4P",
    "code_open": "افتح الاستبيان",
    "code_malformed": (
        "يتكون الرمز من 8 رموز: الأرقام 2–9 والحروف A–Z باستثناء I و O. تحقق من الرمز وحاول "
        "مرة أخرى."
    ),
    "language_label": "اللغة",
    "language_change": "غيّر اللغة",
    "not_sent_heading": "لم يُرسل الاستبيان بعد",
    "about_questionnaire": "عن الاستبيان",
    "send_instruction": "أرسل الاستبيان بالزر الموجود أسفل الصفحة.",
    "skip_heading": "يمكنك تخطي الأسئلة.",
    "skip_text": "أجب فقط عما تريد. يمكنك أيضًا إرسال الاستبيان دون إجابات، كما على الورق.",
    "privacy_read": "اقرأ كيف نتعامل مع إجاباتك",
    "instructions_heading": "كيف تملأ الاستبيان",
    "questions_heading": "الأسئلة",
    "comment_label": "ملاحظات أخرى",
    "comment_optional": "اختياري",
    "comment_hint": (
        "لا تكتب أسماء أو أرقامًا شخصية أو أرقام هواتف أو عناوين بريد إلكتروني. ما تكتبه هنا "
        "يُحفظ منفصلًا عن إجاباتك، ولا يقرؤه إلا اتحاد التنسيق."
    ),
    "submit": "أرسل الإجابات",
    "submit_hint": "بعد الإرسال لا يمكن تغيير الإجابات.",
    "error_gender": "اختر أحد الخيارات تحت «عنك».",
    "error_option": "اختر أحد خيارات الإجابة في السؤال %(number)s.",
    "error_comment": "ملاحظات أخرى: %(reason)s",
    "comment_too_long": "يجب ألا يزيد النص على %(max)s حرف. طوله الآن %(length)s حرفًا.",
    "comment_personnummer": (
        "يبدو أن النص يحتوي على رقم شخصي. احذفه وأرسل مرة أخرى: يجب أن تبقى الإجابات مجهولة الهوية."
    ),
    "comment_email": (
        "يبدو أن النص يحتوي على عنوان بريد إلكتروني. احذفه وأرسل مرة أخرى: يجب أن تبقى "
        "الإجابات مجهولة الهوية."
    ),
    "comment_phone": (
        "يبدو أن النص يحتوي على رقم هاتف. احذفه وأرسل مرة أخرى: يجب أن تبقى الإجابات مجهولة الهوية."
    ),
    "too_many_sent": (
        "أُرسل عدد كبير من الاستبيانات من هنا في وقت قصير. إجاباتك محفوظة: انتظر دقيقة وأرسل "
        "مرة أخرى."
    ),
    "thanks_title": "شكرًا على إجابتك",
    "thanks_heading": "شكرًا على إجابتك!",
    "thanks_stored": "أُرسلت إجاباتك وحُفظت. لا تحتاج إلى فعل أي شيء آخر.",
    "thanks_anonymous": (
        "تُحفظ الإجابات دون اسمك ودون ربطها بالرمز. تُعرض النتائج بطريقة لا يمكن معها التعرف "
        "على أي شخص."
    ),
    "new_questionnaire": "املأ استبيانًا جديدًا",
    "hand_over": "هل انتهيت؟ سلّم الجهاز للشخص التالي أو أغلق الصفحة.",
    "close_page": "يمكنك إغلاق الصفحة الآن.",
    "used_title": "أُرسل من قبل",
    "used_form_heading": "هذا الاستبيان أُرسل من قبل. شكرًا على إجابتك!",
    "used_form_text": "تُحسب الإجابات مرة واحدة، حتى لو أرسلتها عدة مرات.",
    "used_code_heading": "هذا الرمز استُخدم من قبل. شكرًا على إجابتك!",
    "used_code_text": (
        "الإجابات بهذا الرمز أُرسلت من قبل وتُحسب مرة واحدة. لا تحتاج إلى فعل أي شيء آخر."
    ),
    "used_code_not_you": "ألم تُجب بنفسك بهذا الرمز؟ اتصل بالشخص الذي أعطاك الاستبيان.",
    "voided_title": "الرمز غير صالح",
    "voided_heading": "هذا الرمز لم يعد صالحًا",
    "voided_text": "ألغى اتحاد التنسيق هذا الرمز، ولا يمكن استخدامه للإجابة.",
    "voided_new_code": (
        "هل تريد الإجابة عن الاستبيان؟ اتصل بالشخص الذي أعطاك الرمز لتحصل على رمز جديد."
    ),
    "unknown_title": "الرمز غير موجود",
    "unknown_heading": "لا نجد استبيانًا بهذا الرمز",
    "unknown_text": (
        "الرمز %(code)s غير موجود. تحقق من أنك نسخت الرمز بشكل صحيح: طوله 8 رموز، من الأرقام "
        "2–9 والحروف A–Z باستثناء I و O."
    ),
    "unknown_retry": "اكتب الرمز مرة أخرى",
    "throttled_title": "محاولات كثيرة جدًا",
    "throttled_text": "جرت محاولات كثيرة جدًا من هنا في وقت قصير. انتظر قليلًا ثم حاول مرة أخرى.",
    "closed_title": "الرابط مغلق",
    "closed_heading": "الاستبيان غير مفتوح",
    "closed_text": "الرابط غير موجود أو مغلق. اسأل الشخص الذي أعطاك الرابط.",
    "locked_title": "الاستبيان مغلق",
    "locked_heading": "الاستبيان لا يستقبل مزيدًا من الإجابات",
    "locked_text": (
        "سلّم اتحاد التنسيق إجابات فترة القياس هذه، لذلك لا يمكن استقبال مزيد من الإجابات."
    ),
    "ask_giver": "هل لديك أسئلة؟ اتصل بالشخص الذي أعطاك الاستبيان.",
    "privacy_stored_heading": "ما يُحفظ",
    "privacy_stored_answers": (
        "إجاباتك عن الأسئلة فقط. لا نسأل عن اسمك أو رقمك الشخصي أو كيف نصل إليك."
    ),
    "privacy_stored_day": "اليوم الذي وصلت فيه الإجابات، دون الساعة.",
    "privacy_stored_code": (
        "أن الرمز استُخدم، حتى لا يُحسب الاستبيان نفسه مرتين. تُحفظ الإجابات دون ربطها بالرمز، "
        "فلا يستطيع أحد معرفة أي إجابات تخص أي رمز."
    ),
    "privacy_stored_comment": (
        "ما تكتبه تحت «ملاحظات أخرى». يُحفظ منفصلًا عن إجاباتك، ولا يقرؤه إلا اتحاد التنسيق، "
        "ولا يُرسل إلى أي جهة أخرى."
    ),
    "privacy_not_stored_heading": "ما لا يُحفظ",
    "privacy_not_stored_identity": "من أنت، أو عنوان بريدك الإلكتروني، أو رقم هاتفك.",
    "privacy_not_stored_device": "أي معلومات عن حاسوبك أو هاتفك مع الإجابات.",
    "privacy_while_heading": "أثناء الإجابة",
    "privacy_while_text": (
        "يحفظ متصفحك الإجابات على هذا الجهاز أثناء ملء الاستبيان، حتى لا تضيع إذا انقطع الاتصال "
        "أو أُعيد تحميل الصفحة. تُحذف بعد إرسال الاستبيان. لا يُرسل إلينا شيء حتى تضغط على "
        "«أرسل الإجابات»."
    ),
    "privacy_use_heading": "كيف تُستخدم الإجابات",
    "privacy_use_text": (
        "يستخدم %(name)s والشبكة الوطنية لاتحادات التنسيق (NNS) الإجابات لمتابعة النشاط وتحسينه."
    ),
    "privacy_min_cell": (
        "تُعرض النتائج بطريقة لا يمكن معها التعرف على أي شخص. لا تُعرض النسب والتوزيعات إلا إذا "
        "أجاب عن السؤال %(k)s أشخاص على الأقل."
    ),
    "privacy_voluntary": "الإجابة طوعية. يمكنك تخطي الأسئلة وإرسال الاستبيان دون إجابات.",
    "privacy_questions_heading": "هل لديك أسئلة؟",
    "privacy_contact": "اتصل بـ",
    "privacy_phone": "الهاتف",
    "privacy_email": "البريد الإلكتروني",
    "back_to_questionnaire": "العودة إلى الاستبيان",
    "print_code_heading": "رمزك",
    "print_web_answer": (
        "يمكنك الإجابة على الورق أو على الإنترنت: امسح رمز QR أو اكتب العنوان %(address)s "
        "متبوعًا بالرمز أعلاه."
    ),
    "print_page": "الصفحة %(page)s من %(pages)s",
    "print_continued": "%(title)s، تابع",
}


def arabic_texts(interface: dict[str, str] | None = None) -> dict[str, str]:
    """Every key of the test translation with its text, the interface texts as given."""
    interface = INTERFACE if interface is None else interface
    return AVSLUT | OPTIONS | {f"interface.{name}": text for name, text in interface.items()}


def approve_arabic(
    actor=None, *, interface: dict[str, str] | None = None, version=None
) -> QuestionnaireTranslation:
    """Upload the Arabic test translation of version 2021 as an NNS administrator would (a filled
    blank XLSX file), and approve it."""
    version = version or InstrumentVersion.objects.get(code="2021")
    data = fill_xlsx(export_xlsx(version), arabic_texts(interface))
    translation = translation_upload(actor=actor, version=version, data=data, file_name="ar.xlsx")
    return translation_approve(actor=actor, translation=translation)
