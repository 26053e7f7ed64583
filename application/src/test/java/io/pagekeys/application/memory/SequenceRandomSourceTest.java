package io.pagekeys.application.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.Token;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SequenceRandomSourceTest {

    @Test
    void everyAnswerDiffersFromTheOthers() {
        SequenceRandomSource random = new SequenceRandomSource();
        Set<String> tokens = new HashSet<>();

        for (int i = 0; i < 1_000; i++) {
            tokens.add(Token.generate(KeyKind.USER, random.nextBytes(Token.SECRET_BYTES)).reveal());
        }

        assertThat(tokens).hasSize(1_000);
    }

    @Test
    void twoSourcesAnswerTheSameSequence() {
        SequenceRandomSource first = new SequenceRandomSource(42);
        SequenceRandomSource second = new SequenceRandomSource(42);

        assertThat(ApiKeyId.generate(first.nextBytes(ApiKeyId.RANDOM_BYTES)))
                .isEqualTo(ApiKeyId.generate(second.nextBytes(ApiKeyId.RANDOM_BYTES)));
        assertThat(first.nextBytes(Token.SECRET_BYTES)).isEqualTo(second.nextBytes(Token.SECRET_BYTES));
    }

    @Test
    void theCounterIsInTheLastBytesBigEndian() {
        SequenceRandomSource random = new SequenceRandomSource(0x0102);

        assertThat(random.nextBytes(4)).containsExactly(0, 0, 1, 2);
        assertThat(random.nextBytes(1)).containsExactly(3);
        assertThat(random.nextBytes(0)).isEmpty();
    }

    @Test
    void queuedValuesComeFirstThenTheCounterResumes() {
        SequenceRandomSource random = new SequenceRandomSource().thenGive(new byte[] {9, 9}, new byte[] {8});

        assertThat(random.nextBytes(2)).containsExactly(9, 9);
        assertThat(random.nextBytes(1)).containsExactly(8);
        assertThat(random.nextBytes(2)).containsExactly(0, 1);
    }

    @Test
    void aQueuedValueOfTheWrongLengthIsRefused() {
        SequenceRandomSource random = new SequenceRandomSource().thenGive(new byte[] {1, 2, 3});

        assertThatThrownBy(() -> random.nextBytes(Token.SECRET_BYTES)).isInstanceOf(IllegalStateException.class);
    }
}
