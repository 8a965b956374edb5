package io.streamcast.models.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Examples with their class names, as read from a data file.
 *
 * @param examples the examples
 * @param labels   the class name of each example
 * @param lines    the line of the file each example came from (1-based), for provenance and messages
 * @param <X>      the example type
 */
public record LabelledExamples<X>(List<X> examples, List<String> labels, List<Integer> lines) {
    public LabelledExamples {
        examples = List.copyOf(examples);
        labels = List.copyOf(labels);
        lines = List.copyOf(lines);
        if (examples.size() != labels.size() || examples.size() != lines.size()) {
            throw new IllegalArgumentException("one label and line per example");
        }
    }

    public int size() {
        return examples.size();
    }

    /**
     * The distinct class names in a stable order: numerically when every name is a number (UCR labels such as
     * -1, 1, 2, 10), else alphabetically.
     */
    public List<String> classes() {
        return sortedClasses(labels);
    }

    /** The class index of each example among {@code classes}; -1 for a label not among them. */
    public int[] indices(List<String> classes) {
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        return labels.stream().mapToInt(l -> index.getOrDefault(l, -1)).toArray();
    }

    /** The examples at the given positions. */
    public LabelledExamples<X> select(List<Integer> positions) {
        List<X> x = new ArrayList<>(positions.size());
        List<String> y = new ArrayList<>(positions.size());
        List<Integer> l = new ArrayList<>(positions.size());
        for (int p : positions) {
            x.add(examples.get(p));
            y.add(labels.get(p));
            l.add(lines.get(p));
        }
        return new LabelledExamples<>(x, y, l);
    }

    /** The same labels and lines with every example transformed. */
    public <Y> LabelledExamples<Y> map(Function<X, Y> f) {
        return new LabelledExamples<>(examples.stream().map(f).collect(Collectors.toList()), labels, lines);
    }

    /** A training part and a test part. */
    public record Split<X>(LabelledExamples<X> train, LabelledExamples<X> test) {
    }

    /**
     * A seeded stratified split: of every class (in {@link #classes()} order) a shuffled {@code testFraction}
     * (rounded) goes to the test part, the rest to training; each part keeps file order.
     */
    public Split<X> stratifiedSplit(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), was " + testFraction);
        }
        java.util.Random random = new java.util.Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (String c : classes()) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i).equals(c)) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, random);
            int n = (int) Math.round(members.size() * testFraction);
            test.addAll(members.subList(0, n));
            train.addAll(members.subList(n, members.size()));
        }
        java.util.Collections.sort(train);
        java.util.Collections.sort(test);
        return new Split<>(select(train), select(test));
    }

    static List<String> sortedClasses(List<String> labels) {
        TreeSet<String> distinct = new TreeSet<>(labels);
        boolean numeric = distinct.stream().allMatch(LabelledExamples::isNumber);
        Comparator<String> order = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
        return distinct.stream().sorted(order.thenComparing(Comparator.naturalOrder())).toList();
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
