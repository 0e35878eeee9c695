package io.scaleproof.cluster.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.GitRepository;
import io.scaleproof.cluster.Kustomization;
import io.scaleproof.cluster.ProjectFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitOpsTest {
  @TempDir Path temp;

  /** cluster/gitops reaches the apps' manifests in sample-apps: both go in, at their places. */
  @Test
  void seedsThePipelineAndWhatItsKustomizationReaches() {
    Path gitops = ProjectFiles.find("cluster/gitops");
    GitOps.Seeded seeded = GitOps.seed(temp.resolve("repo"), gitops, Kustomization.load(gitops));
    try (GitRepository repository = seeded.repository()) {
      assertThat(seeded.path()).isEqualTo("cluster/gitops");
      Path checkout = temp.resolve("checkout");
      repository.export(repository.resolve("main").orElseThrow(), checkout);
      assertThat(checkout.resolve("cluster/gitops/kustomization.yaml")).exists();
      assertThat(checkout.resolve("cluster/gitops/apps/scaledobjects.yaml")).exists();
      for (String app : new String[] {"java", "node", "python"}) {
        assertThat(checkout.resolve("sample-apps/" + app + "/k8s/kustomization.yaml")).exists();
      }
      assertThat(checkout.resolve("sample-apps/java/src")).doesNotExist();
      assertThat(Kustomization.load(checkout.resolve("cluster/gitops")))
          .as("the checkout renders the same objects")
          .hasSameSizeAs(Kustomization.load(gitops));
    }
  }
}
