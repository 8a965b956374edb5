package io.streamcast.app.broker;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaOptionsTest {

    @Test
    void shouldAddListenersInOrderAndKeepThePlaintextPort() {
        final EmbeddedKafka.Options options = EmbeddedKafka.Options.defaults().withPort(9092)
            .withListener("SSL", SecurityProtocol.SSL, 9093)
            .withListener("SASL_SSL", SecurityProtocol.SASL_SSL, 0);

        assertThat(options.port()).isEqualTo(9092);
        assertThat(options.listeners()).containsExactly(
            new EmbeddedKafka.Listener("SSL", SecurityProtocol.SSL, 9093),
            new EmbeddedKafka.Listener("SASL_SSL", SecurityProtocol.SASL_SSL, 0));
    }

    @Test
    void shouldRejectTheListenerNamesTheBrokerUsesItself() {
        for (final String name : new String[] {"PLAINTEXT", "CONTROLLER"}) {
            assertThatThrownBy(() -> EmbeddedKafka.Options.defaults().withListener(name, SecurityProtocol.SSL, 0))
                .as(name)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name);
        }
    }

    @Test
    void shouldRejectALowerCaseListenerName() {
        assertThatThrownBy(() -> EmbeddedKafka.Options.defaults().withListener("ssl", SecurityProtocol.SSL, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("upper-case");
    }

    @Test
    void shouldRejectTheSameListenerNameTwice() {
        final EmbeddedKafka.Options once = EmbeddedKafka.Options.defaults().withListener("SSL", SecurityProtocol.SSL, 0);

        assertThatThrownBy(() -> once.withListener("SSL", SecurityProtocol.SASL_SSL, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("SSL");
    }

    @Test
    void shouldRejectAPortOutOfRange() {
        assertThatThrownBy(() -> EmbeddedKafka.Options.defaults().withListener("SSL", SecurityProtocol.SSL, 65_536))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("65536");
    }
}
