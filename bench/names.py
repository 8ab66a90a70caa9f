"""Synthetic load data and measurements for the case list, search and detail (commands `generate_cases` and
`measure_cases`).

The names are what offices in Germany actually write: German names with umlauts and ß, Turkish names with and
without their letters, Arabic, Dari and Tigrinya names in competing transliterations, Ukrainian names in the passport
(KMU 2010), German (Duden) and older Russian-style spellings, and Polish, Romanian and Bulgarian names. Aliases carry
the other spellings, the original script and now and then a typo, as intake forms do.

Everything here is deterministic given the random generator passed in; nothing touches the database.
"""

import random
import unicodedata
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

# --- Names -----------------------------------------------------------------------------------------------------------
# An entry is "Spelling|Variant|Variant=original script": the first spelling is the one most often on documents.

ARABIC_FAMILY = """Al-Hassan|Alhasan|El-Hassan|Al Hasan=الحسن; Haddad|Hadad=حداد; Khalil|Chalil|Halil=خليل;
Darwish|Darwisch|Derwish=درويش; Mansour|Mansur|Mansoor=منصور; Al-Khatib|Alkhatib|El-Khatib=الخطيب;
Ibrahim|Ebrahim|Ibraheem=إبراهيم; Hussein|Hussain|Husain|Hussen=حسين; Al-Ali|Alali|El Ali=العلي;
Abdullah|Abdallah|Abdulla=عبدالله; Nasser|Nasir|Naser=ناصر; Saleh|Salih|Salah=صالح; Hamdan|Hamdane=حمدان;
Youssef|Yousef|Yusuf|Jussuf=يوسف; Mahmoud|Mahmud|Machmud=محمود; Suleiman|Sulaiman|Soliman=سليمان;
Al-Ahmad|Alahmad|Al Ahmed=الأحمد; Hammoud|Hamoud|Hamud=حمود; Othman|Osman|Uthman=عثمان;
Qasim|Kassem|Kasim|Qassem=قاسم; Jaber|Jabir|Dschaber=جابر; Al-Masri|Almasri|El-Masri=المصري;
Sabbagh|Sabagh=صباغ; Al-Hajj|Alhaj|Al Haj=الحاج; Shaker|Shakir|Schaker=شاكر; Abbas|Abas=عباس;
Rashid|Rasheed|Raschid=رشيد; Khoury|Khouri|Churi=خوري; Nassar|Nasar=نصار; Aziz|Asis=عزيز; Hamid|Hamed=حامد;
Omar|Umar|Omer=عمر; Moussa|Musa|Mousa=موسى; Ismail|Ismael|Esmail=إسماعيل; Al-Sheikh|Alsheikh|Al-Scheich=الشيخ;
Bakr|Bakir=بكر; Al-Kurdi|Alkurdi|Kurdi=الكردي; Hassoun|Hasun|Hassun=حسون; Jasim|Jassim|Jasem=جاسم;
Kadhim|Kazem|Kazim=كاظم; Al-Jubouri|Aljaburi|Al-Dschaburi=الجبوري; Mohammed|Muhammad|Mohamad=محمد;
Sultan|Sultane=سلطان; Al-Obaidi|Alobaidi|Al-Ubaidi=العبيدي; Tamer|Tamir=تامر; Sheikho|Scheicho|Shekho=شيخو;
Hamo|Hammo=حمو; Issa|Isa|Eissa=عيسى; Zaher|Zahir|Saher=زاهر; Barakat|Barakeh=بركات; Haidar|Haydar|Heidar=حيدر;
Al-Najjar|Alnajjar|Al-Nadschar=النجار; Kanaan|Kanan=كنعان; Qaddour|Kaddour|Kadur=قدور;
Al-Zoubi|Alzoubi|Al-Zubi=الزعبي"""
ARABIC_MALE = """Mohammed|Muhammad|Mohamad|Mohammad|Mohamed=محمد; Ahmad|Ahmed|Achmed=أحمد; Mahmoud|Mahmud=محمود;
Khaled|Khalid|Chaled=خالد; Omar|Umar=عمر; Ali|Aly=علي; Hassan|Hasan=حسن; Hussein|Husain|Hussain=حسين;
Youssef|Yusuf|Yousef=يوسف; Ibrahim|Ebrahim=إبراهيم; Abdullah|Abdallah=عبدالله; Mustafa|Mostafa|Moustafa=مصطفى;
Samir|Sameer=سمير; Karim|Kareem=كريم; Tarek|Tariq|Tarik=طارق; Bilal|Belal=بلال; Walid|Waleed=وليد;
Majid|Majed|Madschid=ماجد; Rami|Ramy=رامي; Fadi|Fady=فادي; Amir|Ameer=أمير; Hamza|Hamsa=حمزة; Anas|Anass=أنس;
Yasin|Yassin|Yaseen=ياسين; Abdulrahman|Abdul Rahman|Abdelrahman=عبد الرحمن; Jamal|Gamal|Dschamal=جمال;
Nabil|Nabeel=نبيل; Osama|Usama=أسامة; Wael|Wail=وائل; Ayman|Aiman=أيمن; Jasim|Jassim=جاسم; Haidar|Haydar=حيدر;
Firas|Feras=فراس; Ziad|Ziyad|Siad=زياد; Riad|Riyad=رياض; Kamal|Kemal=كمال"""
ARABIC_FEMALE = """Fatima|Fatma|Fatme=فاطمة; Amal|Amaal=أمل; Rania|Ranya=رانيا; Nour|Nur|Noor=نور;
Aisha|Aischa|Ayesha=عائشة; Maryam|Mariam|Meryem=مريم; Zainab|Zeinab|Zaynab=زينب; Huda|Hoda=هدى;
Layla|Leila|Laila=ليلى; Sara|Sarah=سارة; Hala|Hallah=هالة; Rasha|Rascha=رشا; Lina|Leena=لينا; Dima|Deema=ديما;
Yasmin|Jasmin|Yasmine=ياسمين; Samira|Sameera=سميرة; Hanan|Hanaan=حنان; Asma|Asmaa=أسماء; Reem|Rim=ريم;
Ghada|Rhada=غادة; Salma|Selma=سلمى; Khadija|Chadidscha|Khadijah=خديجة; Noura|Nora=نورة; Heba|Hiba=هبة;
Iman|Eman=إيمان; Alaa|Ala=آلاء; Shaimaa|Shaima|Schaima=شيماء; Hevin|Hevîn; Rojin|Rozhin; Berivan|Beriwan;
Ruqaya|Rukaya|Roqaia=رقية; Bushra|Buschra=بشرى; Ghalia|Ghaliya=غالية; Widad|Wedad=وداد"""

DARI_FAMILY = """Ahmadi|Ahmady; Hosseini|Husseini|Hussaini; Rahimi|Rahimy; Mohammadi|Muhammadi|Mohamadi;
Karimi|Karimy; Sultani|Soltani; Nazari|Nasari; Rezaei|Rezai|Resai; Jafari|Jafary|Dschafari; Haidari|Heidari|Haydari;
Sadat|Saadat; Noori|Nouri|Nuri; Amiri|Ameri; Rasuli|Rasouli; Hakimi|Hakimy; Stanikzai|Stanekzai; Popal|Popalzai;
Wardak|Wardag; Safi|Saafi; Yousufzai|Yusufzai; Naseri|Nasiri; Azizi|Asisi; Habibi|Habiby; Faizi|Faisi;
Qaderi|Kaderi; Sharifi|Scharifi; Sediqi|Siddiqi|Sidiqi; Akbari|Akbary; Ebrahimi|Ibrahimi; Samadi|Samady;
Rahmani|Rachmani; Nabizada|Nabizadeh; Hashimi|Haschimi|Hashemi; Mirzaei|Mirzai; Shinwari|Schinwari; Alizada|Alizadeh"""
DARI_MALE = """Ahmad|Ahmed; Mohammad|Mohamad|Muhammad; Ali|Aly; Hamid|Hameed; Farid|Fareed; Mustafa|Mostafa;
Sayed|Said|Sayyid; Rahim|Raheem; Zabihullah|Sabihullah; Ezatullah|Esatullah; Hamidullah|Hamidulla;
Naweed|Navid|Nawid; Javid|Jawid|Dschawid; Jawad|Javad; Ramin|Rameen; Sohail|Suhail; Wahid|Waheed;
Shafiq|Schafik; Bashir|Baschir; Nasir|Naser; Mahdi|Mehdi; Reza|Resa; Omid|Umid; Hekmat|Hikmat; Khalil|Chalil;
Abdul|Abdol; Jamshid|Dschamschid; Sharif|Scharif"""
DARI_FEMALE = """Zahra|Sahra; Fatima|Fatemeh; Maryam|Marjam; Masuda|Masouda; Nargis|Narges; Shabnam|Schabnam;
Parwana|Parvana; Mina|Meena; Farzana|Farsana; Hamida|Hameeda; Laila|Leila; Sakina|Sakineh; Nadia|Nadja;
Roya|Roja; Soraya|Suraya; Malalai|Malalay; Freshta|Fereshteh; Somaya|Sumaya; Zarghona|Sarghuna; Marzia|Marsia;
Tahmina|Tahmineh; Hadia|Hadiya; Arezo|Aresu; Nilofar|Nilufar"""

TIGRINYA_FAMILY = """Tesfay|Tesfaye|Tesfai; Haile|Hayle; Kidane|Kidan; Ghebremedhin|Gebremedhin; Tekle|Teklay;
Berhane|Berhe|Berhan; Gebreyesus|Ghebreyesus; Woldemichael|Weldemichael; Abraha|Abrha; Yohannes|Johannes|Yohanes;
Mehari|Mehary; Habte|Habtom; Asmerom|Asmerum; Okbay|Okubay; Kahsay|Kasay; Tsegay|Tsegai|Tsegaye; Ghirmay|Girmay;
Andemariam|Andemaryam; Negash|Negasch; Zerai|Zeray"""
TIGRINYA_MALE = """Merhawi|Merhawie; Filmon|Philmon; Samuel|Samiel; Daniel|Danel; Robel|Rubel; Yonas|Jonas;
Aman|Amanuel; Biniam|Binyam; Tesfalem|Tesfaalem; Awet|Awot; Mussie|Musie; Henok|Henock; Yemane|Jemane;
Kibrom|Kubrom; Natnael|Nathnael"""
TIGRINYA_FEMALE = """Senait|Senayt; Helen|Hellen; Selam|Salam; Freweini|Frewini; Ruta|Rutha; Yordanos|Jordanos;
Mebrat|Mebrhat; Saba|Sabba; Luwam|Luam; Winta|Wintana; Feven|Fiven; Hiwet|Hiwot; Semhar|Semhart; Eden|Edan"""

TURKISH_FAMILY = """Yılmaz; Kaya; Demir; Şahin|Schahin; Çelik|Tschelik; Yıldız; Yıldırım; Öztürk; Aydın; Özdemir;
Arslan; Doğan; Kılıç; Aslan; Çetin; Kara; Koç; Kurt; Özkan; Şimşek; Polat; Özcan; Korkmaz; Çakır; Erdoğan; Yavuz;
Can; Acar; Şen; Aktaş; Güler; Yalçın; Güneş; Bozkurt; Bulut; Keskin; Ünal; Turan; Gül; Özer; Işık; Kaplan; Avcı;
Sarı; Tekin; Taş; Köse; Yüksel; Ateş; Aksoy; Karataş; Altıntaş; Uçar; Gündoğdu; Karakaya"""
TURKISH_MALE = """Mehmet|Mehmed; Mustafa; Ahmet; Ali; Hüseyin; Hasan; İbrahim; İsmail; Osman; Yusuf; Murat; Ömer;
Ramazan; Halil; Süleyman; Abdullah; Mahmut; Emre; Burak; Cem; Can; Deniz; Serkan; Volkan; Tuncay; Erkan; Gökhan;
Oğuz; Barış; Kadir; Recep; Yaşar; Orhan; Şükrü; Ümit"""
TURKISH_FEMALE = """Fatma; Ayşe; Emine; Hatice; Zeynep; Elif; Meryem; Şerife; Zehra; Sultan; Hülya; Özlem; Gülsüm;
Büşra; Esra; Derya; Yasemin; Tuğba; Gül; Kübra; Merve; Sevgi; Gülşen; Nurcan; Songül; Dilek; Aylin; Şeyma; Ebru"""

GERMAN_FAMILY = """Müller; Schmidt; Schneider; Fischer; Weber; Meyer|Meier; Wagner; Becker; Schulz; Hoffmann;
Schäfer; Koch; Bauer; Richter; Klein; Wolf; Schröder; Neumann; Schwarz; Zimmermann; Braun; Krüger; Hofmann;
Hartmann; Lange; Schmitt; Werner; Schmitz; Krause; Meier; Lehmann; Schmid; Schulze; Maier; Köhler; Herrmann;
König; Walter; Mayer; Huber; Kaiser; Fuchs; Peters; Lang; Scholz; Möller; Weiß; Jung; Hahn; Schubert; Vogel;
Friedrich; Keller; Günther; Frank; Berger; Winkler; Roth; Beck; Lorenz; Baumann; Franke; Albrecht; Schuster;
Simon; Ludwig; Böhm; Winter; Kraus; Martin; Schumacher; Krämer; Vogt; Stein; Jäger; Otto; Sommer; Groß; Seidel;
Heinrich; Brandt; Haas; Schreiber; Graf; Schulte; Dietrich; Ziegler; Kuhn; Kühn; Pohl; Engel; Horn; Busch;
Bergmann; Thomas; Voigt; Sauer; Arnold; Wolff; Pfeiffer; Hölscher; Brüning; Büscher; Lücke; Rößler; Meißner;
Strauß; Voß; Heß; Preuß; Fuß; Großmann; Brinkmann; Overesch; Lammers; Wessels; Terhorst; Kösters; Többen; Bröker;
Niehüser; Schöler; Löbbers; Friesen; Wiebe; Neufeld; Penner; Dück; Klassen; Janzen; Enns; Reimer; Töws"""
GERMAN_MALE = """Jürgen; Jörg; Björn; Sören; Günther|Günter; Hans-Jürgen; Uwe; Klaus; Wolfgang; Thomas; Michael;
Andreas; Stefan|Stephan; Frank; Markus|Marcus; Christian; Peter; Lukas|Lucas; Jonas; Maximilian; Elias; Paul;
Felix; Tobias; Jan; Tim; Niklas|Nicklas; Leon; Ben; Finn; Waldemar; Viktor; Eduard; Alexander; Heinrich; Jakob;
Johann; Andrej; Dieter; Bernd; Hermann; Karl-Heinz; Jens"""
GERMAN_FEMALE = """Ursula; Käthe; Bärbel; Grete; Anna; Maria; Lena; Mia; Emma; Sophie|Sofie; Katharina;
Sandra; Sabine; Petra; Claudia; Monika; Andrea; Nicole; Stefanie|Stephanie; Julia; Laura; Lea; Hannah|Hanna;
Anke; Heike; Gabriele; Renate; Brigitte; Olga; Swetlana|Svetlana; Jelena|Elena; Irina; Natalie|Nathalie;
Helene; Margarethe|Margarete; Annegret; Birgit; Dörte; Jutta"""

ROMANIAN_FAMILY = """Popescu; Ionescu; Popa; Dumitru; Stoica; Stan; Gheorghe; Munteanu; Constantin; Marin;
Ștefan|Stefan; Dobre; Lungu; Moldovan; Rusu; Mihai; Ciobanu; Tudor; Bălan|Balan; Tănase|Tanase; Mărginean|Marginean;
Nistor; Florea; Barbu; Sârbu|Sarbu; Pătrașcu|Patrascu"""
ROMANIAN_MALE = """Ion; Andrei; Mihai; Gheorghe; Vasile; Constantin; Florin; Adrian; Alexandru; Ionuț|Ionut;
Cătălin|Catalin; Marius; Bogdan; Răzvan|Razvan; Cristian; Nicolae; Ștefan|Stefan"""
ROMANIAN_FEMALE = """Ioana; Elena; Maria; Cristina; Ana-Maria; Daniela; Andreea; Mihaela; Gabriela; Alina;
Florentina; Ramona; Roxana; Simona; Georgiana; Larisa"""
BULGARIAN_FAMILY = """Georgiev|Georgiew|Georgieff; Ivanov|Iwanow; Dimitrov|Dimitrow; Petrov|Petrow; Nikolov|Nikolow;
Stoyanov|Stojanow; Todorov|Todorow; Hristov|Christow|Khristov; Angelov|Angelow; Yordanov|Jordanow; Kolev|Kolew;
Iliev|Iliew; Atanasov|Atanassow; Petkov|Petkow; Mihaylov|Michailow|Mihailov; Marinov|Marinow"""
BULGARIAN_MALE = """Georgi|Georgij; Ivan|Iwan; Dimitar|Dimitr; Nikolay|Nikolaj|Nikolai; Stoyan|Stojan;
Hristo|Christo; Petar|Peter; Todor; Atanas; Yordan|Jordan; Ventsislav|Wenzislaw; Krasimir|Krassimir"""
BULGARIAN_FEMALE = """Maria|Mariya; Elena|Jelena; Desislava|Dessislava; Galina; Svetla|Swetla; Ivanka|Iwanka;
Yordanka|Jordanka; Rumyana|Rumjana; Tsvetelina|Zwetelina; Petya|Petja; Gergana"""
POLISH_FAMILY = """Kowalski; Nowak; Wiśniewski; Wójcik; Kowalczyk; Kamiński; Lewandowski; Zieliński;
Szymański|Schimanski; Woźniak; Dąbrowski; Kozłowski; Jankowski; Mazur; Kwiatkowski; Krawczyk; Kaczmarek;
Piotrowski; Grabowski; Zając; Pawłowski; Michalski; Król; Wieczorek; Jabłoński; Wróbel; Nowakowski; Majewski;
Olszewski; Stępień; Malinowski; Jaworski; Adamczyk; Dudek; Nowicki; Pawlak; Górski; Witkowski; Walczak; Sikora"""
POLISH_MALE = """Piotr; Krzysztof; Andrzej; Tomasz; Paweł; Michał; Marcin; Łukasz; Jakub; Grzegorz; Mateusz;
Wojciech; Dariusz; Kamil; Rafał; Sławomir|Slawomir"""
POLISH_FEMALE = """Anna; Katarzyna; Małgorzata; Agnieszka; Barbara; Ewa; Joanna; Magdalena; Monika; Dorota;
Aleksandra; Beata; Justyna; Marta; Natalia; Żaneta|Zaneta"""

UKRAINIAN_FAMILY = """Шевченко Коваленко Бондаренко Ткаченко Кравченко Олійник Мельник Поліщук Бойко Коваль Шевчук
Ковальчук Кравчук Лисенко Марченко Руденко Савченко Петренко Клименко Павленко Мороз Гончаренко Кузьменко Левченко
Пономаренко Ткачук Харченко Сидоренко Карпенко Онищенко Гриценко Литвиненко Федоренко Костенко Романенко Яковенко
Савчук Головко Білик Гуменюк Захарченко Зінченко Кириленко Дорошенко Юрченко Вовк Кравець Іваненко Панченко Семенко
Ющенко Михайленко Черненко Остапенко Мартинюк Поліщук Приходько Тимошенко Власенко Нестеренко"""
UKRAINIAN_MALE = """Олександр=Aleksandr|Alexander; Андрій=Andrej|Andrey; Сергій=Sergej|Sergey; Дмитро=Dmitrij|Dmitry;
Іван=Iwan; Микола=Nikolaj|Nikolai; Володимир=Vladimir|Wladimir; Василь=Vasily|Wassili; Юрій=Jurij|Yuri;
Олег=Oleg; Віктор=Viktor; Петро=Petr|Pjotr; Михайло=Mikhail|Michail; Богдан=Bogdan; Максим=Maxim; Артем=Artem;
Денис=Denis; Євген=Evgeny|Jewgeni; Тарас=Taras; Віталій=Vitaly|Witali; Ігор=Igor; Роман=Roman;
Ярослав=Yaroslav|Jaroslaw; Павло=Pavel|Pawel; Григорій=Grigory|Grigorij; Костянтин=Konstantin"""
UKRAINIAN_FEMALE = """Олена=Elena|Jelena; Оксана=Oksana; Наталія=Natalia|Natalja; Тетяна=Tatiana|Tatjana;
Юлія=Julia|Yulia; Ірина=Irina; Світлана=Svetlana|Swetlana; Анна=Anna; Марія=Maria; Вікторія=Viktoria|Victoria;
Катерина=Ekaterina|Jekaterina; Людмила=Ludmila|Ljudmila; Галина=Galina; Ольга=Olga; Надія=Nadezhda|Nadeschda;
Валентина=Valentina|Walentina; Алла=Alla; Дарина=Darina; Софія=Sofia|Sofija; Анастасія=Anastasia|Anastasija;
Ганна=Anna|Hanna; Лариса=Larisa|Larissa; Інна=Inna; Яна=Jana|Yana; Олександра=Aleksandra|Alexandra;
Євгенія=Evgenia|Jewgenija; Мирослава=Miroslava"""

# Ukrainian transliterations: (default, at the start of a word). Passport (KMU 2010), German (Duden), older style.
_PASSPORT = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": ("ie", "ye"), "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": ("i", "yi"), "й": ("i", "y"), "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": ("iu", "yu"), "я": ("ia", "ya"), "'": "",
}  # fmt: skip
_DUDEN = {
    **_PASSPORT, "в": "w", "є": "je", "ж": "sch", "з": "s", "ї": "ji", "й": "j", "х": "ch", "ц": "z", "ч": "tsch",
    "ш": "sch", "щ": "schtsch", "ю": "ju", "я": "ja",
}  # fmt: skip
_OLDER = {**_PASSPORT, "г": "g", "и": "i", "й": "y", "є": "ye", "ї": "yi", "ю": "yu", "я": "ya"}
TRANSLITERATIONS = {"passport": _PASSPORT, "duden": _DUDEN, "older": _OLDER}


def transliterate(cyrillic: str, scheme: str = "passport") -> str:
    table = TRANSLITERATIONS[scheme]
    out = []
    for index, char in enumerate(cyrillic):
        lower = char.lower()
        value = table.get(lower, char)
        if isinstance(value, tuple):
            value = value[1] if index == 0 or not cyrillic[index - 1].isalpha() else value[0]
        out.append(value.capitalize() if char != lower else value)
    return "".join(out)


@dataclass(frozen=True)
class Name:
    spellings: tuple[str, ...]  # the first is the usual one
    original: str = ""  # in its own script, when the group has one


def _parse(text: str) -> list[Name]:
    names = []
    for entry in text.replace("\n", " ").split(";"):
        entry = entry.strip()
        if not entry:
            continue
        latin, _sep, original = entry.partition("=")
        spellings = tuple(dict.fromkeys(part.strip() for part in latin.split("|")))
        names.append(Name(spellings=_with_plain_variants(spellings), original=original.strip()))
    return names


def plain(text: str) -> str:
    """Without diacritics, as a form without special letters has it: Öztürk -> Ozturk, Łukasz -> Lukasz."""
    text = text.replace("ı", "i").replace("İ", "I").replace("ł", "l").replace("Ł", "L").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def germanised(text: str) -> str:
    """Umlauts written out, as on a German keyboard without them: Müller -> Mueller, Öztürk -> Oeztuerk."""
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        text = text.replace(umlaut, spelled)
    return plain(text)


def _with_plain_variants(spellings: tuple[str, ...]) -> tuple[str, ...]:
    extra = []
    for spelling in spellings:
        extra += [germanised(spelling), plain(spelling)]
    return tuple(dict.fromkeys([*spellings, *extra]))


def _ukrainian(text: str) -> list[Name]:
    names = []
    for entry in text.replace("\n", " ").replace(";", " ; ").split():
        if entry == ";":
            continue
        cyrillic, _sep, others = entry.partition("=")
        spellings = [transliterate(cyrillic, scheme) for scheme in ("passport", "duden", "older")]
        spellings += [other for other in others.split("|") if other]
        names.append(Name(spellings=tuple(dict.fromkeys(spellings)), original=cyrillic))
    return names


def _ukrainian_given(text: str) -> list[Name]:
    return _ukrainian(text.replace(" ", "").replace("\n", "").replace(";", " "))


def _polish_female(name: Name) -> Name:
    def feminine(spelling: str) -> str:
        for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
            if spelling.endswith(male):
                return spelling[: -len(male)] + female
        return spelling

    return Name(spellings=tuple(feminine(s) for s in name.spellings), original=name.original)


def _bulgarian_female(name: Name) -> Name:
    return Name(spellings=tuple(s + "a" if s[-1] in "vw" else s for s in name.spellings if s[-2:] != "ff"))


@dataclass(frozen=True)
class Group:
    """People who share a naming tradition, with where they come from, speak and when they came."""

    key: str
    weight: float
    family: list[Name]
    male: list[Name]
    female: list[Name]
    nationalities: tuple[tuple[str, float], ...]
    languages: tuple[str, ...]
    arrival: tuple[date, date]
    residence: tuple[tuple[str, float], ...]
    second_given: float = 0.0  # share of persons with two given names
    unknown_birthday: float = 0.0  # share registered as born on 1 January (birth day unknown)
    other_spelling: float = 0.05  # share registered under another than the usual spelling
    family_female: list[Name] = field(default_factory=list)


def _groups() -> list[Group]:
    arabic_family = _parse(ARABIC_FAMILY)
    polish_family = _parse(POLISH_FAMILY)
    bulgarian_family = _parse(BULGARIAN_FAMILY)
    return [
        Group("arabic", 0.24, arabic_family, _parse(ARABIC_MALE), _parse(ARABIC_FEMALE),
              (("Syrien", 0.68), ("Irak", 0.24), ("Libanon", 0.04), ("staatenlos", 0.04)),
              ("Arabisch", "Kurmandschi", "Englisch"), (date(2014, 1, 1), date(2024, 12, 31)),
              (("aufenthaltserlaubnis", 0.55), ("niederlassungserlaubnis", 0.15), ("gestattung", 0.12),
               ("duldung", 0.1), ("german", 0.08)),
              second_given=0.15, unknown_birthday=0.08, other_spelling=0.35),
        Group("dari", 0.1, _parse(DARI_FAMILY), _parse(DARI_MALE), _parse(DARI_FEMALE),
              (("Afghanistan", 0.95), ("Iran", 0.05)), ("Dari", "Paschtu", "Farsi"),
              (date(2015, 1, 1), date(2025, 12, 31)),
              (("gestattung", 0.3), ("duldung", 0.2), ("aufenthaltserlaubnis", 0.45),
               ("niederlassungserlaubnis", 0.05)),
              unknown_birthday=0.18, other_spelling=0.35),
        Group("tigrinya", 0.05, _parse(TIGRINYA_FAMILY), _parse(TIGRINYA_MALE), _parse(TIGRINYA_FEMALE),
              (("Eritrea", 0.85), ("Äthiopien", 0.15)), ("Tigrinya", "Amharisch", "Arabisch"),
              (date(2014, 1, 1), date(2023, 12, 31)),
              (("aufenthaltserlaubnis", 0.7), ("gestattung", 0.2), ("niederlassungserlaubnis", 0.1)),
              unknown_birthday=0.1, other_spelling=0.3),
        Group("ukrainian", 0.18, _ukrainian(UKRAINIAN_FAMILY), _ukrainian_given(UKRAINIAN_MALE),
              _ukrainian_given(UKRAINIAN_FEMALE), (("Ukraine", 0.97), ("Russische Föderation", 0.03)),
              ("Ukrainisch", "Russisch", "Englisch"), (date(2022, 3, 1), date(2026, 10, 31)),
              (("aufenthaltserlaubnis", 0.95), ("gestattung", 0.05)), other_spelling=0.3),
        Group("turkish", 0.14, _parse(TURKISH_FAMILY), _parse(TURKISH_MALE), _parse(TURKISH_FEMALE),
              (("Türkei", 0.8), ("Deutschland", 0.2)), ("Türkisch", "Kurmandschi", "Deutsch"),
              (date(1995, 1, 1), date(2025, 12, 31)),
              (("niederlassungserlaubnis", 0.45), ("german", 0.25), ("aufenthaltserlaubnis", 0.22),
               ("gestattung", 0.08)),
              second_given=0.1, other_spelling=0.25),
        Group("german", 0.12, _parse(GERMAN_FAMILY), _parse(GERMAN_MALE), _parse(GERMAN_FEMALE),
              (("Deutschland", 0.9), ("Kasachstan", 0.05), ("Russische Föderation", 0.05)), ("Deutsch", "Russisch"),
              (date(1990, 1, 1), date(2024, 12, 31)), (("german", 0.9), ("niederlassungserlaubnis", 0.1)),
              second_given=0.2),
        Group("romanian", 0.06, _parse(ROMANIAN_FAMILY), _parse(ROMANIAN_MALE), _parse(ROMANIAN_FEMALE),
              (("Rumänien", 1.0),), ("Rumänisch",), (date(2007, 1, 1), date(2026, 9, 30)), (("eu", 1.0),),
              other_spelling=0.15),
        Group("bulgarian", 0.04, bulgarian_family, _parse(BULGARIAN_MALE), _parse(BULGARIAN_FEMALE),
              (("Bulgarien", 1.0),), ("Bulgarisch", "Türkisch"), (date(2007, 1, 1), date(2026, 9, 30)), (("eu", 1.0),),
              family_female=[_bulgarian_female(name) for name in bulgarian_family], other_spelling=0.3),
        Group("polish", 0.07, polish_family, _parse(POLISH_MALE), _parse(POLISH_FEMALE),
              (("Polen", 1.0),), ("Polnisch",), (date(2004, 5, 1), date(2026, 9, 30)), (("eu", 1.0),),
              family_female=[_polish_female(name) for name in polish_family], other_spelling=0.15),
    ]  # fmt: skip


class Weighted:
    """A list drawn from with Zipf-like weights (the first entries the most common), by one random() each."""

    def __init__(self, items, weights=None, *, exponent: float = 0.75):
        self.items = list(items)
        weights = weights or [1 / (rank + 2) ** exponent for rank in range(len(self.items))]
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random):
        return self.items[min(bisect(self.cumulative, rng.random() * self.total), len(self.items) - 1)]


KEYBOARD_NEIGHBOURS = {
    "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj", "i": "uo", "j": "hk",
    "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o", "q": "w", "r": "et", "s": "ad", "t": "rz",
    "u": "zi", "v": "cb", "w": "qe", "x": "yc", "y": "x", "z": "tu",
}  # fmt: skip


def typo(rng: random.Random, name: str) -> str:
    """One slip of the keyboard inside a name (never its first letter): a neighbour key, a missing, doubled or
    swapped letter."""
    positions = [i for i, char in enumerate(name) if i > 0 and char.isascii() and char.isalpha()]
    if not positions:
        return name
    i = positions[int(rng.random() * len(positions))]
    operation = int(rng.random() * 4)
    char = name[i]
    if operation == 0 and char.lower() in KEYBOARD_NEIGHBOURS:
        options = KEYBOARD_NEIGHBOURS[char.lower()]
        return name[:i] + options[int(rng.random() * len(options))] + name[i + 1 :]
    if operation == 1 and len(name) > 4:
        return name[:i] + name[i + 1 :]
    if operation == 2 and i + 1 < len(name) and name[i + 1].isalpha():
        return name[:i] + name[i + 1] + char + name[i + 2 :]
    return name[:i] + char + name[i:]


@dataclass
class PersonDraft:
    group: str
    given_names: str
    family_name: str
    aliases: list[str]
    birth_date: date
    gender: str


# Ages are counted back from a fixed day, so that a seed gives the same birth dates on any day it runs.
BIRTH_ANCHOR = date(2025, 6, 30)


class NameDrawer:
    """Draws persons' names, gender and birth date from one random generator, nothing else, so that the names of a
    seed stay the same whatever else the generator later draws."""

    def __init__(self):
        self.groups = _groups()
        self.group_choice = Weighted(self.groups, [group.weight for group in self.groups])
        self.lists = {
            group.key: (
                Weighted(group.family, exponent=0.6),
                Weighted(group.family_female or group.family, exponent=0.6),
                Weighted(group.male),
                Weighted(group.female),
            )
            for group in self.groups
        }

    @staticmethod
    def _spelling(rng: random.Random, name: Name, group: Group) -> str:
        if len(name.spellings) == 1 or rng.random() >= group.other_spelling:
            return name.spellings[0]
        return name.spellings[1 + int(rng.random() * (len(name.spellings) - 1))]

    def draw(self, rng: random.Random) -> PersonDraft:
        group = self.group_choice.draw(rng)
        family_list, family_female_list, male, female = self.lists[group.key]
        roll = rng.random()
        gender = "female" if roll < 0.48 else "male" if roll < 0.985 else "diverse" if roll < 0.99 else "unknown"
        given_list = female if gender == "female" or (gender != "male" and rng.random() < 0.5) else male
        given = [given_list.draw(rng)]
        if rng.random() < group.second_given:
            second = given_list.draw(rng)
            if second != given[0]:
                given.append(second)
        family = (family_female_list if gender == "female" else family_list).draw(rng)

        given_names = " ".join(self._spelling(rng, name, group) for name in given)
        family_name = self._spelling(rng, family, group)
        aliases = []
        # Other spellings on other documents (passport, BAMF, health insurance card).
        if rng.random() < 0.55:
            other_given = " ".join(name.spellings[int(rng.random() * len(name.spellings))] for name in given)
            other_family = family.spellings[int(rng.random() * len(family.spellings))]
            aliases.append(f"{other_given} {other_family}")
        if family.original and all(name.original for name in given) and rng.random() < 0.35:
            aliases.append(" ".join([*(name.original for name in given), family.original]))
        if rng.random() < 0.04:  # a slip at intake, kept as an alias
            aliases.append(f"{given_names} {typo(rng, family_name)}")

        age_roll = rng.random()
        if age_roll < 0.18:
            age_days = int(rng.random() * 18 * 365.25)  # children
        elif age_roll < 0.93:
            age_days = int((18 + rng.random() * 47) * 365.25)
        else:
            age_days = int((65 + rng.random() * 25) * 365.25)
        birth_date = BIRTH_ANCHOR - timedelta(days=age_days)
        if rng.random() < group.unknown_birthday:
            birth_date = date(birth_date.year, 1, 1)
        full_name = f"{given_names} {family_name}"
        return PersonDraft(
            group=group.key,
            given_names=given_names,
            family_name=family_name,
            aliases=[alias for alias in dict.fromkeys(aliases) if alias != full_name],
            birth_date=birth_date,
            gender=gender,
        )

    def group(self, key: str) -> Group:
        return next(group for group in self.groups if group.key == key)


# --- Texts -----------------------------------------------------------------------------------------------------------

DISTRICTS = (
    "Innenstadt", "Dorenkamp", "Schotthock", "Eschendorf", "Mesum", "Gellendorf", "Hauenhorst", "Elte", "Rodde",
    "Wadelheim", "Bentlage", "Altenrheine", "Catenhorn", "Dutum", "Hörstkamp", "Stadtberg",
)  # fmt: skip
STREETS = (
    "Emsstraße", "Bahnhofstraße", "Lingener Straße", "Münsterstraße", "Osnabrücker Straße", "Salzbergener Straße",
    "Neuenkirchener Straße", "Breite Straße", "Marktstraße", "Kardinal-Galen-Ring", "Konrad-Adenauer-Ring",
    "Sandkampstraße", "Windthorststraße", "Dutumer Straße", "Schleupestraße", "Thiemauer",
)  # fmt: skip

LEGAL_BASES = {  # residence titles (cases.models.choices.ResidenceTitle) by kind
    "gestattung": ("asylg_55",),
    "duldung": ("60a_2_1", "60c", "60d"),
    "aufenthaltserlaubnis": ("25_2", "25_1", "24", "30", "36a", "104c", "18a", "25b"),
    "niederlassungserlaubnis": ("9", "26_3", "9a"),
    "eu": ("freizuegg",),
    "german": ("",),
}  # fmt: skip

NOTE_TEXTS = {
    "counselling": (
        ("conversation", "Erstgespräch mit Sprachmittlung. Anliegen: Integrationskurs, Wohnung, Kita-Platz."),
        ("phone", "Telefonat mit der VHS: Termin zum Einstufungstest vereinbart und weitergegeben."),
        ("letter", "Schreiben der Familienkasse gemeinsam gelesen; Schulbescheinigungen werden nachgereicht."),
        ("home_visit", "Hausbesuch in {district}: Wohnung zu klein, Feuchtigkeit im Kinderzimmer."),
        ("conversation", "Anerkennung des Berufsabschlusses vorbereitet, Übersetzung der Zeugnisse beantragt."),
        ("other", "Begleitung zur Anmeldung in der Grundschule; Sprachförderung besprochen."),
        ("conversation", "Antrag auf Wohnberechtigungsschein ausgefüllt, Unterlagen vollständig."),
    ),
    "case_management": (
        ("conversation", "Fallklärung: mehrere Stellen beteiligt, Absprachen fehlen. Case Management angenommen."),
        ("conversation", "Assessment: Ressourcen und Hemmnisse (Sprache, Kinderbetreuung) gemeinsam erhoben."),
        ("case_conference", "Hilfeplangespräch mit jobcenter und VHS: Ziele und Schritte vereinbart."),
        ("phone", "Monitoring: Rückmeldung der VHS – regelmäßige Teilnahme, Modultest bestanden."),
    ),
    "arrival": (
        ("home_visit", "Aufsuchende Beratung in {district}: Anmeldung, Krankenversicherung und Schule erklärt."),
        ("conversation", "Zulassung zum Integrationskurs beim BAMF gemeinsam beantragt."),
        ("phone", "Kontakt zur Migrationsberatung vermittelt; Termin zur Arbeitsplatzsuche vereinbart."),
    ),
    "asylum_benefits_office": (
        ("conversation", "Vorsprache zur Leistungsgewährung nach dem AsylbLG; Bescheid erläutert."),
        ("letter", "Aufforderung zur Vorlage der aktuellen Aufenthaltsgestattung versandt."),
        ("conversation", "Verpflichtung zum Integrationskurs nach § 5b AsylbLG erteilt und erläutert."),
        ("phone", "Unterkunftsverwaltung: Umzug in eine städtische Wohnung in {district} zum Monatsende."),
    ),
    "benefits_office": (
        ("conversation", "Weiterbewilligungsantrag SGB II besprochen, fehlende Kontoauszüge angefordert."),
        ("letter", "Änderungsbescheid nach Arbeitsaufnahme versandt; Einkommen angerechnet."),
        ("phone", "Rückfrage zu den Kosten der Unterkunft geklärt."),
    ),
    "jobcenter": (
        ("conversation", "Potenzialanalyse: Berufserfahrung im Herkunftsland, Deutsch auf A2-Niveau."),
        ("conversation", "Kooperationsplan (§ 15 SGB II): Integrationskurs abschließen, dann Berufssprachkurs B2."),
        ("phone", "Arbeitgeber im Gewerbegebiet angefragt: Probearbeit im Lager möglich."),
        ("case_conference", "Abstimmung mit dem Team Beratung: Kinderbetreuung ist Voraussetzung."),
        ("letter", "Einladung zum Beratungsgespräch mit Rechtsfolgenbelehrung versandt."),
    ),
    "foreigners_authority": (
        ("conversation", "Vorsprache zur Verlängerung des Aufenthaltstitels; Pass und Kursnachweis vorgelegt."),
        ("letter", "Verpflichtung zum Integrationskurs nach § 44a AufenthG schriftlich erteilt."),
        ("other", "Fiktionsbescheinigung ausgestellt, Abholtermin für den eAT vereinbart."),
    ),
    "welfare_organisation": (
        ("conversation", "Migrationsberatung: Fragen zu Familiennachzug und Anerkennung besprochen."),
        ("phone", "Schuldnerberatung vermittelt, Termin in drei Wochen."),
        ("letter", "Widerspruch gegen den Bescheid der Familienkasse gemeinsam formuliert."),
    ),
}
CLOSING_TEXTS = (
    "Abschlussgespräch: Anliegen geklärt, weitere Begleitung nicht erforderlich.",
    "Arbeitsaufnahme in Vollzeit, Hilfebedürftigkeit entfällt. Fall abgeschlossen.",
    "Umzug in eine andere Kommune; Akte an die dortige Beratungsstelle abgegeben.",
    "Ziele überwiegend erreicht, Übergabe an den Regeldienst.",
)
CONSENT_FORM = "Einwilligungserklärung Datenaustausch EWG, Fassung 2018"
PURPOSES = {
    "jobcenter": "Abstimmung von Sprachförderung und Eingliederung in Arbeit (Kooperationsplan nach § 15 SGB II)",
    "fluechtlingshilfe": "Begleitung durch eine ehrenamtliche Patin bei Behördengängen und Kursanmeldung",
}


# --- Dates -----------------------------------------------------------------------------------------------------------


def day_between(rng: random.Random, start: date, end: date) -> date:
    """A day in [start, end], one random() drawn whatever the range (end before start gives start)."""
    span = (end - start).days
    offset = int(rng.random() * (span + 1))
    return start + timedelta(days=max(offset, 0))


def one_letter_wrong(name: str) -> str:
    """The name with the letter in its middle replaced by the key next to it on a German keyboard."""
    middle = len(name) // 2
    for index in [middle, *range(middle + 1, len(name)), *range(middle - 1, 0, -1)]:
        char = name[index].lower()
        if char in "abcdefghijklmnopqrstuvwxyz":
            return name[:index] + KEYBOARD_NEIGHBOURS[char][0] + name[index + 1 :]
    return name + "x"
