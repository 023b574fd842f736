package com.threatlens.agent.cache.disk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Values go through JSON and come back as the declared type only; everything that would not
 * round-trip is refused up front or on reading.
 */
class ValueCodecTest {

    enum Status { ACTIVE, RETIRED }

    record Address(String street, String city) {
    }

    record Owner(long id, String name, Status status, List<Address> addresses, Map<String, Integer> scores,
                 Optional<String> nickname, Instant since, LocalDate birthday, BigDecimal balance) {
    }

    record Page<T>(List<T> items, int total) {
    }

    record Holder(Object anything) {
    }

    record ListHolder(List<Runnable> tasks) {
    }

    public static final class Bean {
        private String name;
        private int count;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getCount() {
            return count;
        }

        public void setCount(int count) {
            this.count = count;
        }
    }

    public static final class NoDefaultConstructor {
        private final String name;

        public NoDefaultConstructor(String name) {
            this.name = name;
        }

        public String getName() {
            return name;
        }
    }

    /** Declared generic return types, taken from method signatures as the cache sees them. */
    interface Service {
        Owner owner();

        List<Owner> owners();

        Page<Address> page();

        Map<String, List<Address>> byCity();

        Optional<Owner> find();

        Set<Status> statuses();

        int count();

        Long boxed();

        String name();

        int[] numbers();

        void nothing();

        Object anything();

        Runnable task();

        Collection<Address> collection();

        Number number();

        Holder holder();

        ListHolder listHolder();

        Map<Address, String> objectKeys();

        Bean bean();

        NoDefaultConstructor noDefaultConstructor();

        Thread thread();

        <T> T typeVariable();

        List<?> wildcard();
    }

    private final ValueCodec codec = new ValueCodec();

    private static Type returnType(String method) {
        try {
            return Service.class.getMethod(method).getGenericReturnType();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private Object roundTrip(Object value, String method) {
        return codec.decode(codec.encode(value), returnType(method));
    }

    private static Owner owner(long id) {
        return new Owner(id, "Owner " + id, Status.ACTIVE,
            List.of(new Address("1 Main St", "Springfield"), new Address("2 Elm St", "Shelbyville")),
            Map.of("visits", 3, "pets", 2), Optional.of("o" + id), Instant.parse("2024-05-01T10:15:30.123Z"),
            LocalDate.of(1980, 2, 29), new BigDecimal("12.50"));
    }

    @Test
    void records_with_nested_lists_maps_optionals_and_time_round_trip() {
        assertEquals(owner(7), roundTrip(owner(7), "owner"));
        Owner sparse = new Owner(8, null, null, List.of(), Map.of(), Optional.empty(), null, null, null);
        assertEquals(sparse, roundTrip(sparse, "owner"));
    }

    @Test
    void generic_containers_come_back_with_their_element_types() {
        assertEquals(List.of(owner(1), owner(2)), roundTrip(List.of(owner(1), owner(2)), "owners"));
        Page<Address> page = new Page<>(List.of(new Address("3 Oak Ave", "Capital City")), 41);
        Object decoded = roundTrip(page, "page");
        assertEquals(page, decoded);
        assertInstanceOf(Address.class, ((Page<?>) decoded).items().get(0));
        Map<String, List<Address>> byCity = Map.of("Springfield", List.of(new Address("1 Main St", "Springfield")));
        assertEquals(byCity, roundTrip(byCity, "byCity"));
        assertEquals(Optional.of(owner(3)), roundTrip(Optional.of(owner(3)), "find"));
        assertEquals(Optional.empty(), roundTrip(Optional.empty(), "find"));
        assertEquals(Set.of(Status.ACTIVE, Status.RETIRED), roundTrip(Set.of(Status.ACTIVE, Status.RETIRED), "statuses"));
    }

    @Test
    void primitives_strings_arrays_and_beans_round_trip() {
        assertEquals(42, roundTrip(42, "count"));
        assertEquals(42L, roundTrip(42L, "boxed"));
        assertEquals(null, roundTrip(null, "boxed"));
        assertEquals("héllo \"quoted\"", roundTrip("héllo \"quoted\"", "name"));
        int[] numbers = (int[]) roundTrip(new int[] {1, 2, 3}, "numbers");
        assertEquals(3, numbers[2]);
        Bean bean = new Bean();
        bean.setName("b");
        bean.setCount(5);
        Bean decoded = (Bean) roundTrip(bean, "bean");
        assertEquals("b", decoded.getName());
        assertEquals(5, decoded.getCount());
    }

    @Test
    void an_unknown_property_means_the_class_changed_and_fails() {
        byte[] json = "{\"street\":\"1 Main St\",\"city\":\"Springfield\",\"zip\":\"12345\"}".getBytes(UTF_8);
        assertThrows(ValueCodec.UndecodableException.class, () -> codec.decode(json, Address.class));
    }

    @Test
    void a_missing_record_component_fails() {
        byte[] json = "{\"street\":\"1 Main St\"}".getBytes(UTF_8);
        assertThrows(ValueCodec.UndecodableException.class, () -> codec.decode(json, Address.class));
    }

    @Test
    void json_of_another_type_or_not_json_at_all_fails() {
        assertThrows(ValueCodec.UndecodableException.class, () -> codec.decode("\"text\"".getBytes(UTF_8), returnType("owners")));
        assertThrows(ValueCodec.UndecodableException.class, () -> codec.decode("{\"a\":".getBytes(UTF_8), Address.class));
        assertThrows(ValueCodec.UndecodableException.class, () -> codec.decode("1 2".getBytes(UTF_8), int.class));
    }

    @Test
    void polymorphic_type_hints_never_choose_the_class() {
        // Array-wrapped class names (default typing's form) are not honoured: the declared
        // record expects an object, so this is simply undecodable.
        byte[] wrapped = "[\"java.net.URL\",\"http://example.com\"]".getBytes(UTF_8);
        assertThrows(ValueCodec.UndecodableException.class, () -> codec.decode(wrapped, Address.class));
        // A class property is an unknown property of the declared type.
        byte[] property = "{\"@class\":\"java.net.URL\",\"street\":\"a\",\"city\":\"b\"}".getBytes(UTF_8);
        assertThrows(ValueCodec.UndecodableException.class, () -> codec.decode(property, Address.class));
        // Where the declared type is open (a field of type Object), hints are plain data.
        Object holder = codec.decode("{\"anything\":[\"java.net.URL\",\"http://example.com\"]}".getBytes(UTF_8), Holder.class);
        assertEquals(new Holder(List.of("java.net.URL", "http://example.com")), holder);
        Object classProperty = codec.decode("{\"anything\":{\"@class\":\"java.net.URL\"}}".getBytes(UTF_8), Holder.class);
        assertEquals(new Holder(Map.of("@class", "java.net.URL")), classProperty);
    }

    @Test
    void data_types_can_go_to_disk() {
        for (String method : List.of("owner", "owners", "page", "byCity", "find", "statuses", "count", "boxed", "name",
            "numbers", "collection", "bean")) {
            assertEquals(Optional.empty(), codec.problemWith(returnType(method)), method);
        }
        assertEquals(Optional.empty(), codec.problemWith(Instant.class));
        assertEquals(Optional.empty(), codec.problemWith(BigDecimal.class));
    }

    @Test
    void types_that_cannot_round_trip_are_refused_with_a_reason() {
        assertProblem("nothing", "returns nothing");
        assertProblem("anything", "declared as Object");
        assertProblem("task", "java.lang.Runnable is an interface");
        assertProblem("number", "java.lang.Number is abstract");
        assertProblem("holder", "Holder.anything: a value declared as Object");
        assertProblem("listHolder", "ListHolder.tasks: java.lang.Runnable is an interface");
        assertProblem("objectKeys", "keys must be strings");
        assertProblem("noDefaultConstructor", "neither a record nor has a no-argument constructor");
        assertProblem("thread", "java.lang.Thread is not a data class");
        assertProblem("typeVariable", "only known at run time");
        assertProblem("wildcard", "declared as Object");
        assertTrue(codec.problemWith(Void.class).isPresent());
    }

    private void assertProblem(String method, String expected) {
        Optional<String> problem = codec.problemWith(returnType(method));
        assertTrue(problem.isPresent(), method + " should be refused");
        assertTrue(problem.get().contains(expected), method + ": " + problem.get());
    }
}
