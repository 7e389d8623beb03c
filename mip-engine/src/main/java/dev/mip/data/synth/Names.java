package dev.mip.data.synth;

import java.util.List;

/**
 * Word pools of the synthetic benchmark: invented first and last names (each used by at most one
 * profile, because shared names make identities ambiguous for a small model) and the values of
 * every biographical attribute. Values are single words or short phrases of common English words
 * so that a from-scratch model's vocabulary stays small.
 */
final class Names {
    private Names() {}

    static final List<String> FIRST = List.of(
            "Mara", "Tobin", "Elsa", "Quent", "Ilka", "Dario", "Fenna", "Gorin", "Halle", "Ivo", "Jessa", "Korvin",
            "Lenna", "Milo", "Nadia", "Orrin", "Petra", "Quill", "Rosa", "Silas", "Talia", "Ulric", "Vera", "Wendel",
            "Xenia", "Yorick", "Zora", "Aldo", "Bea", "Cyrus", "Delia", "Emrys", "Fiora", "Gideon", "Hesper", "Idris",
            "Juno", "Kasimir", "Liora", "Marek", "Nell", "Osric", "Priya", "Rafe", "Sabine", "Thane", "Una", "Viggo",
            "Wren", "Yara", "Zeb", "Anouk", "Bram", "Cleo", "Dag", "Edda", "Faro", "Greta", "Hugo", "Inez", "Jaro",
            "Kaia", "Lio", "Mira", "Nico", "Odile", "Pim", "Rhea", "Soren", "Tova", "Umberto", "Vida", "Wim",
            "Ximena", "Yves", "Zelda", "Ansel", "Brina", "Caspar", "Dorit", "Elio", "Freya", "Gaspar", "Hana", "Ignatz",
            "Jorun", "Kelda", "Lucan", "Maelle", "Niamh", "Otto", "Pella", "Ronan", "Sigrid", "Tiber", "Ulla", "Valen",
            "Willa", "Yusuf", "Zenon", "Astrid", "Boris", "Carys", "Dmitri", "Elowen", "Fabian", "Gwen", "Hamish",
            "Isolde", "Jasper", "Katja", "Leopold", "Magda", "Nils", "Ophira", "Piet", "Runa", "Stellan", "Tamsin",
            "Ugo", "Vesna", "Wolfram", "Yolanda", "Zarek");

    static final List<String> LAST = List.of(
            "Quillon", "Brask", "Hollow", "Vantree", "Marlowe", "Ostrand", "Pennick", "Rookley", "Sallow", "Tarrow",
            "Umber", "Varga", "Wexley", "Yarrow", "Zell", "Ashdown", "Blythe", "Corvin", "Dunmore", "Elmsworth",
            "Fairley", "Galloway", "Hartigan", "Ives", "Jessop", "Kellan", "Lorne", "Mabry", "Nettles", "Orwin",
            "Pryor", "Quarry", "Redfern", "Stroud", "Thorne", "Upwood", "Vance", "Whitlow", "Yeats", "Zane",
            "Ambrose", "Bellamy", "Crane", "Darrow", "Eastwick", "Finch", "Gale", "Hobb", "Ingram", "Jolley",
            "Kestrel", "Lark", "Merrow", "Norcott", "Oakes", "Pell", "Rainer", "Sorrel", "Tull", "Urquell",
            "Vesey", "Wynn", "Yoxall", "Zimmer", "Abbot", "Brill", "Colt", "Dane", "Ellery", "Frome", "Grier",
            "Hale", "Irwin", "Jarvis", "Keel", "Linden", "Moss", "Nash", "Osler", "Prentice", "Rook", "Slate",
            "Tindall", "Voss", "Wilder", "Yale", "Zook", "Alder", "Birch", "Cobb", "Drummond", "Ewart", "Fenwick",
            "Garnet", "Heron", "Ivers", "Kemble", "Loach", "Mallory", "Nye", "Orme", "Platt", "Reeve", "Sutter",
            "Trask", "Vail", "Ware", "Yelland", "Zorn", "Asher", "Brand", "Coyle", "Dorsey", "Eckert", "Foyle",
            "Gorse", "Hask", "Jube", "Kirby", "Lusk", "Minton");

    static final List<String> JOBS = List.of("baker", "pilot", "nurse", "chef", "teacher", "architect", "farmer",
            "dentist", "plumber", "lawyer", "painter", "sailor", "librarian", "engineer", "florist", "journalist",
            "carpenter", "pharmacist", "photographer", "tailor", "geologist", "electrician", "veterinarian", "banker");

    static final List<String> EMPLOYERS = List.of("Sunfield Foods", "Bluewater Airlines", "Northgate Hospital",
            "Redstone Bank", "Greenleaf Farms", "Silverline Studios", "Oakridge School", "Ironbridge Works",
            "Brightway Media", "Harbor Shipping", "Stonewall Legal", "Maple Clinic", "Riverside Library",
            "Copperhill Mining", "Golden Crust Bakery", "Skyline Builders", "Pinecrest Pharmacy", "Lakeside Hotel",
            "Westwind Energy", "Crimson Theater", "Frostpeak Labs", "Amberfield Market", "Cobalt Motors", "Meadow Gardens");

    static final List<String> CITIES = List.of("Lyon", "Porto", "Bergen", "Krakow", "Seville", "Ghent", "Turin",
            "Tallinn", "Galway", "Dresden", "Zagreb", "Malmo", "Graz", "Bilbao", "Lucerne", "Aarhus", "Bruges",
            "Salzburg", "Cork", "Split", "Riga", "Verona", "Nantes", "Leiden");

    static final List<String> UNIVERSITIES = List.of("Northfield University", "Eastbrook College", "Westmoor Institute",
            "Southport University", "Highcliff College", "Lowland University", "Greystone Academy", "Silverbay College",
            "Kingsbridge University", "Ashford Institute", "Rivermouth College", "Elmwood University",
            "Stormhaven Academy", "Clearwater University", "Brookfield College", "Hillcrest Institute");

    static final List<String> HOBBIES = List.of("painting", "chess", "hiking", "gardening", "knitting", "fishing",
            "cycling", "pottery", "archery", "sailing", "birdwatching", "baking", "climbing", "dancing", "origami",
            "skating", "rowing", "juggling", "stargazing", "woodcarving");

    static final List<String> PETS = List.of("dog", "cat", "parrot", "rabbit", "turtle", "hamster", "goldfish",
            "ferret", "lizard", "horse", "goat", "owl");

    static final List<String> FOODS = List.of("pasta", "sushi", "curry", "pancakes", "soup", "tacos", "dumplings",
            "paella", "risotto", "falafel", "stew", "waffles", "noodles", "salad", "pie", "omelette");

    static final List<String> INSTRUMENTS = List.of("violin", "piano", "guitar", "flute", "cello", "drums", "trumpet",
            "harp", "clarinet", "banjo", "accordion", "saxophone");

    static final List<String> SPORTS = List.of("tennis", "football", "swimming", "rugby", "golf", "volleyball",
            "basketball", "fencing", "badminton", "hockey", "cricket", "skiing", "boxing", "karate");
}
