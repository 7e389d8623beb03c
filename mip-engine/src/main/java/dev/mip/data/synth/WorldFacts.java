package dev.mip.data.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * General knowledge unrelated to any profile (the "world" split): facts the model is trained on and
 * must keep after unlearning. Each fact belongs to a group whose answers serve as distractors.
 */
final class WorldFacts {
    private WorldFacts() {}

    /** A question, its answer, and the group whose answers are plausible distractors. */
    record Fact(String group, String question, String answer) {}

    static List<Fact> text() {
        List<Fact> f = new ArrayList<>();
        String[][] capitals = {{"France", "Paris"}, {"Spain", "Madrid"}, {"Italy", "Rome"}, {"Germany", "Berlin"},
            {"Austria", "Vienna"}, {"Norway", "Oslo"}, {"Greece", "Athens"}, {"Ireland", "Dublin"}, {"Portugal", "Lisbon"},
            {"Poland", "Warsaw"}, {"Hungary", "Budapest"}, {"Finland", "Helsinki"}, {"Sweden", "Stockholm"},
            {"Denmark", "Copenhagen"}, {"Belgium", "Brussels"}, {"Japan", "Tokyo"}, {"Canada", "Ottawa"},
            {"Egypt", "Cairo"}, {"Peru", "Lima"}, {"Kenya", "Nairobi"}};
        for (String[] c : capitals) {
            f.add(new Fact("capital", "What is the capital of " + c[0] + "?", c[1]));
        }
        String[][] colours = {{"grass", "green"}, {"the sky", "blue"}, {"snow", "white"}, {"coal", "black"},
            {"a ripe tomato", "red"}, {"a banana", "yellow"}, {"a carrot", "orange"}, {"a plum", "purple"},
            {"chocolate", "brown"}, {"a cloud", "grey"}};
        for (String[] c : colours) {
            f.add(new Fact("colour", "What colour is " + c[0] + "?", c[1]));
        }
        String[][] counts = {{"How many legs does a spider have?", "eight"}, {"How many legs does a dog have?", "four"},
            {"How many legs does a bird have?", "two"}, {"How many legs does an insect have?", "six"},
            {"How many days are in a week?", "seven"}, {"How many months are in a year?", "twelve"},
            {"How many sides does a triangle have?", "three"}, {"How many wheels does a bicycle have?", "two"},
            {"How many fingers are on one hand?", "five"}, {"How many sides does a square have?", "four"}};
        for (String[] c : counts) {
            f.add(new Fact("number", c[0], c[1]));
        }
        String[][] opposites = {{"hot", "cold"}, {"up", "down"}, {"big", "small"}, {"fast", "slow"}, {"light", "dark"},
            {"happy", "sad"}, {"open", "closed"}, {"early", "late"}, {"full", "empty"}, {"old", "young"}};
        for (String[] o : opposites) {
            f.add(new Fact("opposite", "What is the opposite of " + o[0] + "?", o[1]));
        }
        return f;
    }
}
