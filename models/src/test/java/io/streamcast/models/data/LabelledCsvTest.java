package io.streamcast.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledCsvTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadValuesLabelsAndSeriesByColumnName() throws Exception {
        Path f = dir.resolve("s.csv");
        Files.writeString(f, "reading,mote_id,humidity,temperature,label\n1,1,45.9,27.9,0\n2,2,46.0,28.0,1\n");
        LabelledCsv csv = LabelledCsv.read(f, "label", "mote_id", List.of("humidity", "temperature"));
        assertThat(csv.rows()).isEqualTo(2);
        assertThat(csv.series()).containsExactly("1", "2");
        assertThat(csv.values().get("temperature")).containsExactly(27.9, 28.0);
        assertThat(csv.labels()).containsExactly(false, true);
    }

    @Test
    void shouldDefaultToEveryColumnButTheFirstTheLabelAndTheSeries() throws Exception {
        Path f = dir.resolve("s.csv");
        Files.writeString(f, "t,a,label,b\n1,1.5,false,2.5\n");
        assertThat(LabelledCsv.read(f, "label", null, List.of()).values()).containsOnlyKeys("a", "b");
    }

    @Test
    void shouldNameTheLineColumnAndTextOfABadValueOrLabelAndAMissingColumn() throws Exception {
        Path f = dir.resolve("s.csv");
        Files.writeString(f, "t,v,label\n1,2.0,0\n2,abc,0\n");
        assertThatThrownBy(() -> LabelledCsv.read(f, "label", null, List.of()))
                .hasMessageContaining("line 3").hasMessageContaining("column v").hasMessageContaining("abc");
        Files.writeString(f, "t,v,label\n1,2.0,maybe\n");
        assertThatThrownBy(() -> LabelledCsv.read(f, "label", null, List.of())).hasMessageContaining("maybe");
        assertThatThrownBy(() -> LabelledCsv.read(f, "is_anomaly", null, List.of())).hasMessageContaining("no column 'is_anomaly'");
    }
}
