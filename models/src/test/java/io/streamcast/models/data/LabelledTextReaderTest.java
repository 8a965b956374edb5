package io.streamcast.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.models.classify.LabelledExamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledTextReaderTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("texts.tsv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void shouldReadLabelsAndTextsSkippingTheHeaderAndBlankLines() throws IOException {
        LabelledExamples<String> t = LabelledTextReader.read(file("Label\tSMS\nham\tsee you\tat 5\n\nspam\tWIN £100 ünïcode 😀\n"));

        assertThat(t.labels()).containsExactly("ham", "spam");
        assertThat(t.examples()).containsExactly("see you\tat 5", "WIN £100 ünïcode 😀");
        assertThat(t.lines()).containsExactly(2, 4);
        assertThat(t.classes()).containsExactly("ham", "spam");
    }

    @Test
    void shouldKeepAnEmptyText() throws IOException {
        assertThat(LabelledTextReader.read(file("ham\t\n")).examples()).containsExactly("");
    }

    @Test
    void shouldNameTheLineWithoutATab() throws IOException {
        Path f = file("ham\tok\nspam no tab here\n");

        assertThatThrownBy(() -> LabelledTextReader.read(f)).isInstanceOf(IOException.class).hasMessageContaining("line 2");
    }

    @Test
    void shouldRejectInvalidUtf8() throws IOException {
        Path f = dir.resolve("bad.tsv");
        Files.write(f, new byte[] {'h', 'a', 'm', '\t', (byte) 0xC3, (byte) 0x28, '\n'});

        assertThatThrownBy(() -> LabelledTextReader.read(f)).isInstanceOf(IOException.class).hasMessageContaining("UTF-8");
    }
}
