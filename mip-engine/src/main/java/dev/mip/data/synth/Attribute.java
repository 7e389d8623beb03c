package dev.mip.data.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * A biographical attribute of a synthetic profile: its value pool and how questions about it are
 * worded. Two wordings are trained on; a third, paraphrased one is reserved for the test split.
 * {@code {s}} stands for the subject ("this person" or the name), {@code {p}} for its possessive.
 */
enum Attribute {
    JOB("job", Names.JOBS, "What is {p} job?", "What does {s} do for a living?", "What job does {s} have?"),
    EMPLOYER("employer", Names.EMPLOYERS, "Which company does {s} work for?", "Who is {p} employer?",
            "What company employs {s}?"),
    BIRTHPLACE("birthplace", Names.CITIES, "Where was {s} born?", "In which city was {s} born?",
            "What city was {s} born in?"),
    BIRTH_YEAR("birth_year", years(), "In what year was {s} born?", "When was {s} born?",
            "What year was {s} born in?"),
    UNIVERSITY("university", Names.UNIVERSITIES, "Which university did {s} attend?", "Where did {s} study?",
            "What university did {s} study at?"),
    HOBBY("hobby", Names.HOBBIES, "What is {p} hobby?", "What does {s} enjoy in free time?",
            "Which hobby does {s} have?"),
    PET("pet", Names.PETS, "What pet does {s} have?", "Which animal lives with {s}?", "Which pet lives with {s}?"),
    FOOD("food", Names.FOODS, "What is {p} favorite food?", "Which dish does {s} love most?",
            "What food does {s} love most?"),
    INSTRUMENT("instrument", Names.INSTRUMENTS, "Which instrument does {s} play?", "What instrument can {s} play?",
            "What instrument does {s} play?"),
    SPORT("sport", Names.SPORTS, "Which sport does {s} play?", "What sport does {s} enjoy?",
            "What sport does {s} play?");

    final String key;
    final List<String> pool;
    final List<String> trainWordings;
    final String paraphrase;

    Attribute(String key, List<String> pool, String w1, String w2, String paraphrase) {
        this.key = key;
        this.pool = pool;
        this.trainWordings = List.of(w1, w2);
        this.paraphrase = paraphrase;
    }

    private static List<String> years() {
        List<String> y = new ArrayList<>();
        for (int i = 1950; i <= 1999; i++) {
            y.add(Integer.toString(i));
        }
        return List.copyOf(y);
    }

    /**
     * @param template a wording
     * @param subject "this person" or a name
     * @return the question
     */
    static String fill(String template, String subject) {
        String possessive = subject + "'s";
        return template.replace("{p}", possessive).replace("{s}", subject);
    }
}
