package io.scaleproof.cluster.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.GitRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRepositoryTest {
  @TempDir Path temp;

  @Test
  void seedsCommitsResolvesAndExportsRevisions() throws Exception {
    Path project = temp.resolve("project");
    Files.createDirectories(project.resolve("cluster/gitops/apps"));
    Files.writeString(project.resolve("cluster/gitops/kustomization.yaml"), "resources: []\n");
    Files.writeString(project.resolve("cluster/gitops/apps/a.yaml"), "a: 1\n");
    Files.writeString(project.resolve("outside.yaml"), "not seeded\n");

    try (GitRepository repository =
        GitRepository.seed(temp.resolve("repo"), project, List.of("cluster/gitops"), "seed")) {
      String seed = repository.resolve("main").orElseThrow();
      assertThat(repository.resolve("HEAD")).contains(seed);
      assertThat(repository.resolve(seed.substring(0, 10))).contains(seed);
      assertThat(repository.resolve("no-such-branch")).isEmpty();
      assertThat(repository.url()).startsWith("file:/");

      Map<String, String> changes = new HashMap<>();
      changes.put("cluster/gitops/apps/a.yaml", null);
      changes.put("cluster/gitops/apps/b.yaml", "b: 2\n");
      String second = repository.commit("replace a with b", changes);
      assertThat(second).isNotEqualTo(seed);
      assertThat(repository.resolve("main")).contains(second);

      Path first = temp.resolve("checkout-seed");
      repository.export(seed, first);
      assertThat(first.resolve("cluster/gitops/apps/a.yaml")).hasContent("a: 1");
      assertThat(first.resolve("outside.yaml")).doesNotExist();
      Path latest = temp.resolve("checkout-latest");
      repository.export(second, latest);
      assertThat(latest.resolve("cluster/gitops/apps/a.yaml")).doesNotExist();
      assertThat(latest.resolve("cluster/gitops/apps/b.yaml")).hasContent("b: 2");
    }
  }
}
