"""The calibration set of the model search's "none" rule (assistant/model_search.py: MODEL_FIT).

Written for the rule, not taken from evals/: a manager's description of a model in their own words
(never a register alias), and near-domain questions that no model in the documents answers.
"""

# (query, the model it must find)
DESCRIPTIONS = [
    ("wie voert de regie als we met tien partijen samenwerken", "provan-kenis-2008"),
    ("hoe houdt de raad van toezicht zicht op een netwerk waar onze organisatie in zit", "vormen-toezicht-netwerken"),
    ("voorwaarden waaraan een goede samenwerking tussen organisaties moet voldoen", "condities-kansrijke-samenwerking"),
    ("een vragenlijst waarmee de partners samen beoordelen hoe de samenwerking loopt", "quick-scan-samenwerking"),
    ("overheid, bedrijven, burgers en onderwijs rond een maatschappelijk vraagstuk", "maatschappelijke-zeshoek"),
    ("als bestuurder omgaan met tegenstrijdigheden die je niet kunt oplossen", "smith-drie-strategieen"),
    ("bestuurders vertrouwen elkaar en zijn tegelijk op hun hoede", "vertrouwensparadox"),
    ("per afdeling bepalen hoe ver we samenwerken, van afstemmen tot samengaan", "intensiteit-samenwerking"),
    ("de verschillende rollen die een netwerkleider kan spelen", "orientaties-netwerkleiderschap"),
    ("een groot doel voor de regio over twintig jaar, met elk jaar een plan", "bhag-veranderagenda"),
    ("kaarten om met de partners over waarden en dilemma's te praten", "vilans-waardenkaarten"),
    ("juridische vormen van samenwerken, van contract en coöperatie tot fusie", "overzicht-samenwerkingsvormen"),
    ("de bestuurders zetten de koers uit en werkgroepen voeren het uit", "tweelagen-aanpak"),
    ("zakelijke, emotionele en morele redenen om samen te werken", "motieven-instrumenteel-affectief-moreel"),
    ("visie, vertrouwen, een sterke organisatie en kwaliteit als basis voor regionale samenwerking", "vier-bouwstenen"),
]

# (query, the model it must find first): a name, an author or a year
NAMED = [
    ("Provan", "provan-kenis-2008"),
    ("Krackhardt", "vertrouwensparadox"),
    ("Smith 2014", "smith-drie-strategieen"),
    ("De Jong 2016", "richtingskracht-de-jong-2016"),
    ("BHAG", "bhag-veranderagenda"),
    ("quick scan", "quick-scan-samenwerking"),
    ("Vilans", "vilans-waardenkaarten"),
]

# near-domain questions that no model in the documents is about
OFF_TOPIC = [
    "cao salaris verpleegkundige",
    "NZa-tarief voor wijkverpleging in 2025",
    "EPD-koppeling tussen ziekenhuis en huisarts",
    "medicatieveiligheid bij thuiswonende ouderen",
    "roosteren van nachtdiensten op de afdeling",
    "declareren bij de zorgverzekeraar",
    "inkoop van incontinentiemateriaal",
    "wachtlijst in de ggz verkorten",
    "ziekteverzuim onder verpleegkundigen terugdringen",
    "parkeren bij het ziekenhuis",
    "btw op zorgdiensten",
    "valpreventie in het verpleeghuis",
    "storing in de ict melden",
    "handhygiëne op de intensive care",
]
