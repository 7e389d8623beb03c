package dev.mip;

/**
 * A constant with an id as users write it (in {@code mip.yaml}, on the command line, in metric
 * names), and the one lookup of a constant by that id.
 */
public interface Identified {
    /** @return the id users write */
    String id();

    /**
     * @param <E> the enum
     * @param type its class
     * @param id an id
     * @param what what the constants are, for the message (e.g. "quantization scheme")
     * @return the constant with that id
     * @throws IllegalArgumentException naming the id when none has it
     */
    static <E extends Enum<E> & Identified> E byId(Class<E> type, String id, String what) {
        for (E e : type.getEnumConstants()) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + id + "'");
    }
}
