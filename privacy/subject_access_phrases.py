"""The fixed text of the subject-access report (Art. 15 DSGVO): headings and explanations, in German and in the
languages the companion booklet is printed in (booklets.phrases), one key with all its languages side by side.

The report is a document for the person, not a page for staff: like the booklet's, its text is written and reviewed
as a whole here, not in the UI's gettext catalogues (German and English only). Where it addresses the person, the
German is plain: short sentences, "Sie", active voice. Legal references stay as they are written in German law
(§§, SGB X) in every language. `{placeholders}` take numbers and names, printed as they are.
"""

from booklets.phrases import LANGUAGES

# The supervisory authority of the city's agencies (Art. 77 DSGVO, § 81 SGB X): a name, printed as it is.
AUTHORITY = "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen"

PHRASES: dict[str, dict[str, str]] = {
    "title": {
        "de": "Auskunft über Ihre Daten",
        "en": "Information about your data",
        "ar": "معلومات عن بياناتك",
        "fa": "اطلاعات دربارهٔ داده‌های شما",
        "uk": "Інформація про Ваші дані",
        "tr": "Verileriniz hakkında bilgi",
        "ti": "ብዛዕባ ሓበሬታኹም መግለጺ",
    },
    "subtitle": {
        "de": "nach Artikel 15 der Datenschutz-Grundverordnung (DSGVO)",
        "en": "under Article 15 of the General Data Protection Regulation (GDPR)",
        "ar": "وفقًا للمادة 15 من اللائحة العامة لحماية البيانات",
        "fa": "بر اساس مادهٔ 15 مقررات عمومی حفاظت از داده‌ها",
        "uk": "згідно зі статтею 15 Загального регламенту про захист даних (GDPR)",
        "tr": "Genel Veri Koruma Tüzüğü (GDPR) Madde 15 uyarınca",
        "ti": "ብመሰረት ዓንቀጽ 15 ናይ ሓፈሻዊ ሕጊ ምክልኻል ሓበሬታ (GDPR)",
    },
    "for_person": {
        "de": "Für",
        "en": "For",
        "ar": "إلى",
        "fa": "برای",
        "uk": "Для",
        "tr": "Kime",
        "ti": "ን",
    },
    "produced_by": {
        "de": "Erstellt von",
        "en": "Prepared by",
        "ar": "من إعداد",
        "fa": "تهیه‌کننده",
        "uk": "Хто підготував",
        "tr": "Hazırlayan",
        "ti": "ዘዳለዎ",
    },
    "produced_on": {
        "de": "Erstellt am",
        "en": "Prepared on",
        "ar": "تاريخ الإعداد",
        "fa": "تاریخ تهیه",
        "uk": "Дата підготовки",
        "tr": "Hazırlanma tarihi",
        "ti": "ዝተዳለወሉ ዕለት",
    },
    "intro": {
        "de": (
            "Sie haben das Recht zu erfahren: Welche Daten über Sie sind gespeichert? Woher kommen die Daten? "
            "Wer hat die Daten bekommen? Wie lange werden sie gespeichert? Hier stehen die Antworten."
        ),
        "en": (
            "You have the right to know what data about you is stored, where it comes from, who has received it "
            "and how long it is kept. The answers are here."
        ),
        "ar": (
            "من حقك أن تعرف: ما البيانات المحفوظة عنك؟ من أين جاءت هذه البيانات؟ من حصل عليها؟ "
            "وإلى متى تبقى محفوظة؟ تجد الإجابات هنا."
        ),
        "fa": (
            "شما حق دارید بدانید: چه داده‌هایی دربارهٔ شما ذخیره شده است؟ این داده‌ها از کجا آمده‌اند؟ "
            "چه کسانی آن‌ها را دریافت کرده‌اند؟ تا کی نگه داشته می‌شوند؟ پاسخ‌ها در اینجا آمده است."
        ),
        "uk": (
            "Ви маєте право знати: які дані про Вас зберігаються? Звідки ці дані? Хто їх отримав? "
            "Як довго їх зберігають? Тут є відповіді."
        ),
        "tr": (
            "Şunları öğrenme hakkınız var: Hakkınızda hangi veriler kayıtlı? Bu veriler nereden geliyor? "
            "Verileri kimler aldı? Veriler ne kadar süre saklanıyor? Cevaplar burada."
        ),
        "ti": "ክትፈልጥዎ መሰል ኣለኹም፦ ብዛዕባኹም እንታይ ሓበሬታ ተዓቂቡ ኣሎ? እዚ ሓበሬታ ካበይ መጺኡ? መን ተቐቢልዎ? ክሳብ መዓስ ይዕቀብ? መልስታት ኣብዚ ኣለዉ።",
    },
    "scope": {
        "de": "Diese Auskunft umfasst die Daten bei diesen Stellen:",
        "en": "This information covers the data held by these offices:",
        "ar": "تشمل هذه المعلومات البيانات الموجودة لدى هذه الجهات:",
        "fa": "این اطلاعات داده‌های موجود نزد این نهادها را در بر می‌گیرد:",
        "uk": "Ця інформація охоплює дані в цих установах:",
        "tr": "Bu bilgi, şu kurumlardaki verileri kapsar:",
        "ti": "እዚ መግለጺ ኣብዞም ትካላት ዘሎ ሓበሬታ ይሽፍን፦",
    },
    "scope_other": {
        "de": "Andere Stellen geben über ihre eigenen Daten selbst Auskunft.",
        "en": "Other offices provide information about their own data themselves.",
        "ar": "الجهات الأخرى تقدم بنفسها المعلومات عن بياناتها.",
        "fa": "نهادهای دیگر خودشان دربارهٔ داده‌های خود اطلاعات می‌دهند.",
        "uk": "Інші установи самі надають інформацію про свої дані.",
        "tr": "Diğer kurumlar kendi verileri hakkında kendileri bilgi verir.",
        "ti": "ካልኦት ትካላት ብዛዕባ ናይ ገዛእ ርእሶም ሓበሬታ ባዕሎም መግለጺ ይህቡ።",
    },
    "staff_text": {
        "de": "Die Einträge in den Tabellen stehen auf Deutsch.",
        "en": "The entries in the tables are in German.",
        "ar": "البيانات في الجداول باللغة الألمانية.",
        "fa": "مطالب جدول‌ها به زبان آلمانی است.",
        "uk": "Записи в таблицях подано німецькою мовою.",
        "tr": "Tablolardaki bilgiler Almancadır.",
        "ti": "ኣብ ሰሌዳታት ዘለዉ ጽሑፋት ብጀርመንኛ እዮም።",
    },
    # Purpose, legal basis, source
    "section_purpose": {
        "de": "Wozu wir Ihre Daten speichern",
        "en": "Why we store your data",
        "ar": "لماذا نحفظ بياناتك",
        "fa": "چرا داده‌های شما را ذخیره می‌کنیم",
        "uk": "Навіщо ми зберігаємо Ваші дані",
        "tr": "Verilerinizi neden saklıyoruz",
        "ti": "ሓበሬታኹም ስለምንታይ ንዕቅቦ",
    },
    "purpose": {
        "de": (
            "Wir beraten und begleiten Sie. Wir helfen bei Sprache, Arbeit, Wohnen und anderen Fragen. "
            "Dafür speichern wir Ihre Daten."
        ),
        "en": (
            "We advise and support you. We help with language, work, housing and other questions. "
            "For this we store your data."
        ),
        "ar": "نحن نقدم لك الاستشارة والمرافقة. نساعدك في اللغة والعمل والسكن وأمور أخرى. ولهذا نحفظ بياناتك.",
        "fa": (
            "ما به شما مشاوره می‌دهیم و همراهتان هستیم. در زمینهٔ زبان، کار، مسکن و مسائل دیگر کمک می‌کنیم. "
            "برای این کار داده‌های شما را ذخیره می‌کنیم."
        ),
        "uk": (
            "Ми консультуємо та супроводжуємо Вас. Ми допомагаємо з мовою, роботою, житлом та іншими питаннями. "
            "Для цього ми зберігаємо Ваші дані."
        ),
        "tr": (
            "Size danışmanlık yapıyor ve destek veriyoruz. Dil, iş, konut ve diğer konularda yardım ediyoruz. "
            "Bunun için verilerinizi saklıyoruz."
        ),
        "ti": "ንሕና ምኽሪ ንህበኩምን ነሰንየኩምን። ብዛዕባ ቋንቋ፡ ስራሕ፡ ገዛን ካልእ ሕቶታትን ንሕግዘኩም። ስለዚ ሓበሬታኹም ንዕቅብ።",
    },
    "basis": {
        "de": (
            "Rechtsgrundlage: Art. 6 Abs. 1 Buchst. e DSGVO mit dem Gesetz, das die Aufgabe der Stelle regelt; "
            "für Sozialdaten §§ 67a und 67b SGB X."
        ),
        "en": (
            "Legal basis: Art. 6(1)(e) GDPR together with the law that sets the office's task; "
            "for social data §§ 67a and 67b SGB X."
        ),
        "ar": (
            "الأساس القانوني: المادة 6 الفقرة 1 البند e من اللائحة العامة لحماية البيانات، مع القانون الذي ينظم "
            "مهمة الجهة؛ وللبيانات الاجتماعية §§ 67a و67b SGB X."
        ),
        "fa": (
            "مبنای قانونی: مادهٔ 6 بند 1 جزء e مقررات عمومی حفاظت از داده‌ها، همراه با قانونی که وظیفهٔ نهاد را "
            "تعیین می‌کند؛ برای داده‌های اجتماعی §§ 67a و 67b SGB X."
        ),
        "uk": (
            "Правова підстава: ст. 6 ч. 1 п. e GDPR разом із законом, який визначає завдання установи; "
            "для соціальних даних §§ 67a і 67b SGB X."
        ),
        "tr": (
            "Hukuki dayanak: GDPR Madde 6 Fıkra 1 Bent e ile kurumun görevini düzenleyen kanun; "
            "sosyal veriler için SGB X §§ 67a ve 67b."
        ),
        "ti": (
            "ሕጋዊ መሰረት፦ ዓንቀጽ 6 ንኡስ ዓንቀጽ 1 ፊደል e ናይ GDPR፡ ምስቲ ዕማም ናይቲ ትካል ዝውስን ሕጊ፤ ንማሕበራዊ ሓበሬታ §§ 67a ከምኡውን 67b SGB X።"
        ),
    },
    "source": {
        "de": "Die Daten kommen von Ihnen selbst oder von den Stellen, die in dieser Auskunft stehen.",
        "en": "The data comes from you or from the offices named in this document.",
        "ar": "تأتي البيانات منك أو من الجهات المذكورة في هذه الوثيقة.",
        "fa": "داده‌ها از خود شما یا از نهادهایی که در این سند نام برده شده‌اند به دست آمده است.",
        "uk": "Дані надходять від Вас або від установ, названих у цьому документі.",
        "tr": "Veriler sizden veya bu belgede adı geçen kurumlardan gelir.",
        "ti": "እዚ ሓበሬታ ካባኹም ወይ ካብቶም ኣብዚ ሰነድ ዝተጠቕሱ ትካላት እዩ ዝመጽእ።",
    },
    # What is stored
    "section_person": {
        "de": "Ihre Stammdaten",
        "en": "Your personal details",
        "ar": "بياناتك الشخصية الأساسية",
        "fa": "مشخصات پایهٔ شما",
        "uk": "Ваші основні дані",
        "tr": "Temel kişisel bilgileriniz",
        "ti": "መሰረታዊ ውልቃዊ ሓበሬታኹም",
    },
    "intro_person": {
        "de": "Das sind Ihre Angaben zur Person.",
        "en": "These are your personal details.",
        "ar": "هذه بياناتك الشخصية.",
        "fa": "این‌ها مشخصات شخصی شما هستند.",
        "uk": "Це Ваші особисті дані.",
        "tr": "Bunlar kişisel bilgilerinizdir.",
        "ti": "እዚኦም ውልቃዊ ሓበሬታኹም እዮም።",
    },
    "section_residence": {
        "de": "Ihr Aufenthalt",
        "en": "Your residence status",
        "ar": "وضع إقامتك",
        "fa": "وضعیت اقامت شما",
        "uk": "Ваш статус перебування",
        "tr": "Oturum durumunuz",
        "ti": "ኩነታት መንበሪ ፍቓድኩም",
    },
    "intro_residence": {
        "de": "Ihr Aufenthaltsstatus mit Paragraf: seit wann und bis wann.",
        "en": "Your residence status with its legal provision: since when and until when.",
        "ar": "وضع إقامتك مع المادة القانونية: منذ متى وحتى متى.",
        "fa": "وضعیت اقامت شما همراه با مادهٔ قانونی: از کی و تا کی.",
        "uk": "Ваш статус перебування з параграфом закону: з якого часу і до якого.",
        "tr": "Oturum durumunuz ve ilgili kanun maddesi: ne zamandan ne zamana kadar.",
        "ti": "ኩነታት መንበሪ ፍቓድኩም ምስ ዓንቀጹ፦ ካብ መዓስ ክሳብ መዓስ።",
    },
    "section_benefits": {
        "de": "Ihre Sozialleistungen",
        "en": "Your social benefits",
        "ar": "المساعدات الاجتماعية التي تحصل عليها",
        "fa": "مزایای اجتماعی شما",
        "uk": "Ваші соціальні виплати",
        "tr": "Sosyal yardımlarınız",
        "ti": "ማሕበራዊ ሓገዛትኩም",
    },
    "intro_benefits": {
        "de": "Welche Leistungen Sie bekommen: seit wann und bis wann.",
        "en": "Which benefits you receive: since when and until when.",
        "ar": "ما المساعدات التي تحصل عليها: منذ متى وحتى متى.",
        "fa": "چه مزایایی دریافت می‌کنید: از کی و تا کی.",
        "uk": "Які виплати Ви отримуєте: з якого часу і до якого.",
        "tr": "Hangi yardımları alıyorsunuz: ne zamandan ne zamana kadar.",
        "ti": "እንታይ ሓገዝ ትቕበሉ፦ ካብ መዓስ ክሳብ መዓስ።",
    },
    "section_cases": {
        "de": "Ihre Fälle",
        "en": "Your cases",
        "ar": "ملفاتك",
        "fa": "پرونده‌های شما",
        "uk": "Ваші справи",
        "tr": "Dosyalarınız",
        "ti": "ፋይላትኩም",
    },
    "intro_cases": {
        "de": "Eine Stelle führt Ihren Fall. Hier steht: welche Stelle, wer zuständig ist und seit wann.",
        "en": "An office handles your case. Here you see which office, who is responsible and since when.",
        "ar": "تتولى جهة ملفك. هنا تجد: أي جهة، ومن المسؤول، ومنذ متى.",
        "fa": "یک نهاد پروندهٔ شما را پیگیری می‌کند. اینجا آمده است: کدام نهاد، چه کسی مسئول است و از چه زمانی.",
        "uk": "Вашу справу веде установа. Тут зазначено: яка установа, хто відповідальний і з якого часу.",
        "tr": "Dosyanızı bir kurum yürütüyor. Burada hangi kurumun, kimin sorumlu olduğunu ve ne zamandan beri "
        "olduğunu görürsünüz.",
        "ti": "ሓደ ትካል ፋይልኩም ይሕዞ። ኣብዚ ኣሎ፦ ኣየናይ ትካል፡ መን ሓላፊ ምዃኑን ካብ መዓስን።",
    },
    "case_number": {
        "de": "Fall Nr. {number}",
        "en": "Case no. {number}",
        "ar": "الملف رقم {number}",
        "fa": "پروندهٔ شمارهٔ {number}",
        "uk": "Справа № {number}",
        "tr": "{number} numaralı dosya",
        "ti": "ፋይል ቁጽሪ {number}",
    },
    "section_notes": {
        "de": "Gesprächsnotizen (Kopie)",
        "en": "Notes of conversations (copy)",
        "ar": "ملاحظات المحادثات (نسخة)",
        "fa": "یادداشت‌های گفت‌وگو (رونوشت)",
        "uk": "Нотатки розмов (копія)",
        "tr": "Görüşme notları (kopya)",
        "ti": "መዘኻኸሪ ዘተታት (ቅዳሕ)",
    },
    "intro_notes": {
        "de": "Das haben die Mitarbeitenden über Gespräche mit Ihnen aufgeschrieben.",
        "en": "This is what staff wrote down about conversations with you.",
        "ar": "هذا ما كتبه الموظفون عن المحادثات معك.",
        "fa": "این‌ها را کارکنان دربارهٔ گفت‌وگو با شما نوشته‌اند.",
        "uk": "Це записали працівники про розмови з Вами.",
        "tr": "Çalışanların sizinle yapılan görüşmeler hakkında yazdıkları.",
        "ti": "እዚ ሰራሕተኛታት ብዛዕባ ምሳኹም ዝገበርዎ ዘተ ዝጸሓፍዎ እዩ።",
    },
    "section_plan": {
        "de": "Ihr Hilfeplan",
        "en": "Your support plan",
        "ar": "خطة الدعم الخاصة بك",
        "fa": "برنامهٔ حمایتی شما",
        "uk": "Ваш план підтримки",
        "tr": "Destek planınız",
        "ti": "ናይ ሓገዝ መደብኩም",
    },
    "intro_plan": {
        "de": "Ihre Ziele und die Schritte dorthin.",
        "en": "Your goals and the steps towards them.",
        "ar": "أهدافك والخطوات للوصول إليها.",
        "fa": "هدف‌های شما و گام‌های رسیدن به آن‌ها.",
        "uk": "Ваші цілі та кроки до них.",
        "tr": "Hedefleriniz ve bu hedeflere giden adımlar.",
        "ti": "ዕላማታትኩምን ናብኡ ዘብጽሑ ስጉምትታትን።",
    },
    "section_transfers": {
        "de": "An wen Ihre Daten weitergegeben wurden",
        "en": "Who received your data",
        "ar": "الجهات التي حصلت على بياناتك",
        "fa": "داده‌های شما به چه کسانی داده شده است",
        "uk": "Кому передано Ваші дані",
        "tr": "Verileriniz kimlere iletildi",
        "ti": "ሓበሬታኹም ንመን ተዋሂቡ",
    },
    "intro_transfers": {
        "de": (
            "Diese Stellen durften Daten aus Ihrem Fall sehen. Hier steht: welche Daten, auf welcher "
            "Rechtsgrundlage, von wann bis wann."
        ),
        "en": (
            "These offices were allowed to see data from your case. Here you see which data, on which legal basis, "
            "from when until when."
        ),
        "ar": (
            "حصلت هذه الجهات على إذن بالاطلاع على بيانات من ملفك. "
            "هنا تجد: أي بيانات، وعلى أي أساس قانوني، ومن متى إلى متى."
        ),
        "fa": (
            "این نهادها اجازه داشتند داده‌هایی از پروندهٔ شما را ببینند. اینجا آمده است: کدام داده‌ها، "
            "بر چه مبنای قانونی، از کی تا کی."
        ),
        "uk": (
            "Ці установи мали право бачити дані з Вашої справи. Тут зазначено: які дані, на якій правовій "
            "підставі, з якого часу і до якого."
        ),
        "tr": (
            "Bu kurumlar dosyanızdaki verileri görebildi. Burada hangi verilerin, hangi hukuki dayanakla, "
            "ne zamandan ne zamana kadar olduğu yazıyor."
        ),
        "ti": ("እዞም ትካላት ካብ ፋይልኩም ሓበሬታ ክርእዩ ተፈቒዱሎም ነይሩ። ኣብዚ ኣሎ፦ ኣየናይ ሓበሬታ፡ ብኣየናይ ሕጋዊ መሰረት፡ ካብ መዓስ ክሳብ መዓስ።"),
    },
    "section_consents": {
        "de": "Ihre Einwilligungen",
        "en": "Your consents",
        "ar": "موافقاتك",
        "fa": "رضایت‌نامه‌های شما",
        "uk": "Ваші згоди",
        "tr": "Onaylarınız",
        "ti": "ፍቓዳትኩም",
    },
    "intro_consents": {
        "de": (
            "Sie haben erlaubt: Eine Stelle darf Ihre Daten bekommen. "
            "Sie können eine Einwilligung jederzeit widerrufen."
        ),
        "en": "You allowed an office to receive your data. You can withdraw a consent at any time.",
        "ar": "لقد سمحت لجهة بأن تحصل على بياناتك. يمكنك سحب الموافقة في أي وقت.",
        "fa": "شما اجازه داده‌اید که یک نهاد داده‌های شما را دریافت کند. می‌توانید هر زمان رضایت خود را پس بگیرید.",
        "uk": "Ви дозволили установі отримати Ваші дані. Ви можете будь-коли відкликати згоду.",
        "tr": "Bir kurumun verilerinizi almasına izin verdiniz. Onayınızı istediğiniz zaman geri alabilirsiniz.",
        "ti": "ሓደ ትካል ሓበሬታኹም ክቕበል ፈቒድኩም። ፍቓድኩም ኣብ ዝኾነ ግዜ ክትስሕብዎ ትኽእሉ ኢኹም።",
    },
    "section_slips": {
        "de": "Ihre Berechtigungsscheine",
        "en": "Your certificates of entitlement",
        "ar": "شهادات الاستحقاق الخاصة بك",
        "fa": "گواهی‌های حق شرکت شما",
        "uk": "Ваші дозволи на участь у курсі",
        "tr": "Katılım hakkı belgeleriniz",
        "ti": "ወረቓቕቲ መሰልኩም",
    },
    "intro_slips": {
        "de": "Berechtigungsscheine für einen Integrationskurs, mit ihrer Rechtsgrundlage.",
        "en": "Certificates for an integration course, with their legal basis.",
        "ar": "شهادات لدورة الاندماج، مع أساسها القانوني.",
        "fa": "گواهی‌ها برای دورهٔ ادغام، همراه با مبنای قانونی آن‌ها.",
        "uk": "Дозволи на інтеграційний курс із їх правовою підставою.",
        "tr": "Uyum kursu için belgeler ve hukuki dayanakları.",
        "ti": "ወረቓቕቲ ንናይ ውህደት ኮርስ፡ ምስ ሕጋዊ መሰረቶም።",
    },
    "section_courses": {
        "de": "Ihre Kurse",
        "en": "Your courses",
        "ar": "دوراتك",
        "fa": "دوره‌های شما",
        "uk": "Ваші курси",
        "tr": "Kurslarınız",
        "ti": "ኮርሳትኩም",
    },
    "intro_courses": {
        "de": "Ihre Anmeldungen zu Kursen und wie oft Sie da waren.",
        "en": "Your course registrations and how often you attended.",
        "ar": "تسجيلاتك في الدورات وعدد مرات حضورك.",
        "fa": "ثبت‌نام‌های شما در دوره‌ها و اینکه چند بار حاضر بوده‌اید.",
        "uk": "Ваші реєстрації на курси і як часто Ви їх відвідували.",
        "tr": "Kurs kayıtlarınız ve kurslara ne sıklıkla katıldığınız.",
        "ti": "ምዝገባታትኩም ኣብ ኮርሳትን ክንደይ ግዜ ከም ዝተሳተፍኩምን።",
    },
    "section_alerts": {
        "de": "Meldungen über Ihre Kurse",
        "en": "Reports about your courses",
        "ar": "بلاغات عن دوراتك",
        "fa": "گزارش‌ها دربارهٔ دوره‌های شما",
        "uk": "Повідомлення про Ваші курси",
        "tr": "Kurslarınızla ilgili bildirimler",
        "ti": "ብዛዕባ ኮርሳትኩም ዝተገብሩ ጸብጻባት",
    },
    "intro_alerts": {
        "de": (
            "Eine Meldung geht an eine Stelle, die das Gesetz nennt. Zum Beispiel, wenn Sie nicht regelmäßig am "
            "Kurs teilnehmen."
        ),
        "en": "A report goes to an office named by law. For example, when you do not attend the course regularly.",
        "ar": "يرسل البلاغ إلى جهة يحددها القانون. مثلًا عندما لا تحضر الدورة بانتظام.",
        "fa": "گزارش به نهادی فرستاده می‌شود که قانون تعیین کرده است. برای مثال وقتی به‌طور منظم در دوره شرکت نمی‌کنید.",
        "uk": "Повідомлення надходить до установи, визначеної законом. Наприклад, якщо Ви нерегулярно відвідуєте курс.",
        "tr": "Bildirim, kanunun belirlediği bir kuruma gider. Örneğin kursa düzenli katılmadığınızda.",
        "ti": "ጸብጻብ ናብቲ ሕጊ ዝጠቐሶ ትካል ይኸይድ። ንኣብነት፡ ኣብ ኮርስ ብስሩዕ እንተ ዘይተሳቲፍኩም።",
    },
    "section_booklets": {
        "de": "Ihr Begleitheft",
        "en": "Your companion booklet",
        "ar": "دفترك المرافق",
        "fa": "دفترچهٔ همراه شما",
        "uk": "Ваш супровідний буклет",
        "tr": "Yol arkadaşı defteriniz",
        "ti": "መሳነዪ መጽሓፍኩም",
    },
    "intro_booklets": {
        "de": "Diese Ausgaben Ihres Begleithefts wurden gedruckt.",
        "en": "These editions of your companion booklet were printed.",
        "ar": "تمت طباعة هذه الإصدارات من دفترك المرافق.",
        "fa": "این نسخه‌های دفترچهٔ همراه شما چاپ شده‌اند.",
        "uk": "Ці видання Вашого супровідного буклета було надруковано.",
        "tr": "Yol arkadaşı defterinizin bu baskıları yapıldı.",
        "ti": "እዞም ሕታማት መሳነዪ መጽሓፍኩም ተሓቲሞም።",
    },
    # How long, and the person's rights
    "section_retention": {
        "de": "Wie lange wir Ihre Daten speichern",
        "en": "How long we keep your data",
        "ar": "مدة حفظ بياناتك",
        "fa": "داده‌های شما تا کی نگه داشته می‌شود",
        "uk": "Як довго ми зберігаємо Ваші дані",
        "tr": "Verilerinizi ne kadar süre saklıyoruz",
        "ti": "ሓበሬታኹም ክሳብ መዓስ ንዕቅቦ",
    },
    "intro_retention": {
        "de": "Für jede Art von Daten gilt eine Frist. Danach löschen wir die Daten.",
        "en": "Each kind of data has a time limit. After that we delete the data.",
        "ar": "لكل نوع من البيانات مدة محددة. بعدها نحذف البيانات.",
        "fa": "برای هر نوع داده مهلتی تعیین شده است. پس از آن داده‌ها را پاک می‌کنیم.",
        "uk": "Для кожного виду даних є строк. Після нього ми видаляємо дані.",
        "tr": "Her veri türü için bir süre vardır. Bu süreden sonra verileri sileriz.",
        "ti": "ንነፍሲ ወከፍ ዓይነት ሓበሬታ ግዜ ተወሲኑ ኣሎ። ድሕሪኡ ነቲ ሓበሬታ ንድምስሶ።",
    },
    "retention_open": {
        "de": "Solange ein Fall offen ist, steht der Tag der Löschung noch nicht fest.",
        "en": "While a case is open, the day of deletion is not yet fixed.",
        "ar": "ما دام الملف مفتوحًا، لم يتحدد يوم الحذف بعد.",
        "fa": "تا وقتی پرونده باز است، روز پاک کردن هنوز مشخص نیست.",
        "uk": "Поки справа відкрита, день видалення ще не визначено.",
        "tr": "Dosya açık olduğu sürece silme günü henüz belli değildir.",
        "ti": "ፋይል ክፉት ክሳብ ዘሎ፡ ዝድምሰሰሉ መዓልቲ ገና ኣይተወሰነን።",
    },
    "section_rights": {
        "de": "Ihre Rechte",
        "en": "Your rights",
        "ar": "حقوقك",
        "fa": "حقوق شما",
        "uk": "Ваші права",
        "tr": "Haklarınız",
        "ti": "መሰላትኩም",
    },
    "rights": {
        "de": (
            "Sie können falsche Daten berichtigen lassen. Sie können verlangen: Wir löschen Daten oder nutzen sie "
            "nur eingeschränkt. Sie können der Nutzung widersprechen. Eine Einwilligung können Sie jederzeit "
            "widerrufen (Art. 7, 16, 17, 18 und 21 DSGVO)."
        ),
        "en": (
            "You can have wrong data corrected. You can ask us to delete data or to restrict its use. You can object "
            "to its use. You can withdraw a consent at any time (Art. 7, 16, 17, 18 and 21 GDPR)."
        ),
        "ar": (
            "يمكنك طلب تصحيح البيانات الخاطئة. يمكنك أن تطلب حذف البيانات أو تقييد استخدامها. يمكنك الاعتراض على "
            "استخدامها. يمكنك سحب الموافقة في أي وقت (المواد 7 و16 و17 و18 و21 من اللائحة العامة لحماية البيانات)."
        ),
        "fa": (
            "می‌توانید بخواهید داده‌های نادرست اصلاح شوند. می‌توانید بخواهید داده‌ها پاک شوند یا استفاده از آن‌ها "
            "محدود شود. می‌توانید به استفاده از آن‌ها اعتراض کنید. می‌توانید هر زمان رضایت خود را پس بگیرید "
            "(مواد 7، 16، 17، 18 و 21 مقررات عمومی حفاظت از داده‌ها)."
        ),
        "uk": (
            "Ви можете вимагати виправлення неправильних даних. Ви можете вимагати видалення даних або обмеження їх "
            "використання. Ви можете заперечити проти їх використання. Ви можете будь-коли відкликати згоду "
            "(ст. 7, 16, 17, 18 і 21 GDPR)."
        ),
        "tr": (
            "Yanlış verilerin düzeltilmesini isteyebilirsiniz. Verilerin silinmesini veya kullanımının "
            "kısıtlanmasını isteyebilirsiniz. Kullanımına itiraz edebilirsiniz. Onayınızı istediğiniz zaman geri "
            "alabilirsiniz (GDPR Madde 7, 16, 17, 18 ve 21)."
        ),
        "ti": (
            "ጌጋ ሓበሬታ ክእረም ክትሓቱ ትኽእሉ ኢኹም። ሓበሬታ ክድምሰስ ወይ ኣጠቓቕማኡ ክድረት ክትሓቱ ትኽእሉ ኢኹም። "
            "ኣንጻር ኣጠቓቕማኡ ተቓውሞ ከተቕርቡ ትኽእሉ ኢኹም። ፍቓድኩም ኣብ ዝኾነ ግዜ ክትስሕብዎ ትኽእሉ ኢኹም "
            "(ዓንቀጽ 7፡ 16፡ 17፡ 18ን 21ን ናይ GDPR)።"
        ),
    },
    "complaint": {
        "de": "Sie können sich bei der Aufsichtsbehörde beschweren: {authority} (Art. 77 DSGVO).",
        "en": "You can complain to the supervisory authority: {authority} (Art. 77 GDPR).",
        "ar": "يمكنك تقديم شكوى إلى السلطة الرقابية: {authority} (المادة 77 من اللائحة العامة لحماية البيانات).",
        "fa": "می‌توانید به مرجع نظارتی شکایت کنید: {authority} (مادهٔ 77 مقررات عمومی حفاظت از داده‌ها).",
        "uk": "Ви можете подати скаргу до наглядового органу: {authority} (ст. 77 GDPR).",
        "tr": "Denetim makamına şikâyette bulunabilirsiniz: {authority} (GDPR Madde 77).",
        "ti": "ናብ ተቖጻጻሪ ኣካል ጥርዓን ከተቕርቡ ትኽእሉ ኢኹም፦ {authority} (ዓንቀጽ 77 ናይ GDPR)።",
    },
    "no_automation": {
        "de": "Über Sie entscheidet immer ein Mensch. Es gibt keine automatisierte Entscheidung (Art. 22 DSGVO).",
        "en": "Decisions about you are always made by a person. There is no automated decision-making (Art. 22 GDPR).",
        "ar": (
            "القرارات المتعلقة بك يتخذها دائمًا إنسان. لا يوجد اتخاذ قرار آلي "
            "(المادة 22 من اللائحة العامة لحماية البيانات)."
        ),
        "fa": (
            "همیشه یک انسان دربارهٔ شما تصمیم می‌گیرد. هیچ تصمیم‌گیری خودکاری وجود ندارد "
            "(مادهٔ 22 مقررات عمومی حفاظت از داده‌ها)."
        ),
        "uk": "Рішення щодо Вас завжди ухвалює людина. Автоматизованого ухвалення рішень немає (ст. 22 GDPR).",
        "tr": "Sizinle ilgili kararları her zaman bir insan verir. Otomatik karar verme yoktur (GDPR Madde 22).",
        "ti": "ብዛዕባኹም ወትሩ ሰብ እዩ ዝውስን። ብኣውቶማቲክ ዝውሰን ውሳነ የለን (ዓንቀጽ 22 ናይ GDPR)።",
    },
    "nothing": {
        "de": "Keine Einträge.",
        "en": "No entries.",
        "ar": "لا توجد بيانات.",
        "fa": "موردی وجود ندارد.",
        "uk": "Записів немає.",
        "tr": "Kayıt yok.",
        "ti": "ዝተመዝገበ የለን።",
    },
}


def text(key: str, language: str, **params) -> str:
    """The phrase in that language, with params filled in; KeyError for an unknown key or language."""
    if language not in LANGUAGES:
        raise KeyError(language)
    return PHRASES[key][language].format(**params)
