package io.scaleproof.scenarios.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import io.scaleproof.scenarios.spec.LoadProfile;
import io.scaleproof.scenarios.spec.ServiceUnderTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The load of a scaling scenario: for each service under test, users that each send one request to
 * its {@code /work}, injected by the scenario's profile. Open profiles bring new users at a rate,
 * each on a new connection (a connection is balanced to a pod when it opens, as kube-proxy does, so
 * new users reach new replicas); the closed profile keeps a number of users going.
 */
public class ScalingLoadSimulation extends Simulation {
  private static final String SENT = "scaleproof.sent";

  public ScalingLoadSimulation() {
    LoadPlan plan = LoadPlan.current();
    List<PopulationBuilder> populations = new ArrayList<>();
    for (LoadPlan.Target target : plan.targets()) {
      ChainBuilder work = timed(target, plan);
      PopulationBuilder population =
          plan.profile() instanceof LoadProfile.Closed closed
              ? scenario(target.service())
                  .exec(work.pause(closed.thinkTime()))
                  .injectClosed(constantConcurrentUsers(closed.users()).during(closed.duration()))
              : scenario(target.service()).exec(work).injectOpen(openSteps(plan.profile()));
      populations.add(population.protocols(http.baseUrl(target.baseUrl().toString())));
    }
    setUp(populations);
  }

  /**
   * One request, its latency recorded as the client saw it: from just before Gatling sends it to
   * just after the answer, or the failure, came back.
   */
  private static ChainBuilder timed(LoadPlan.Target target, LoadPlan plan) {
    String service = target.service();
    return CoreDsl.exec(session -> session.set(SENT, System.nanoTime()))
        .exec(request(target))
        .exec(
            session -> {
              double millis = (System.nanoTime() - session.getLong(SENT)) / 1e6;
              plan.latencies().record(service, Instant.now(), millis);
              return session;
            });
  }

  /** The target's request: its method, path, headers and body, as the project declares them. */
  private static HttpRequestActionBuilder request(LoadPlan.Target target) {
    ServiceUnderTest.Request declared = target.request();
    HttpRequestActionBuilder request =
        http(target.service())
            .httpRequest(declared.method(), declared.path())
            .headers(declared.headers());
    return declared.body() == null ? request : request.body(StringBody(declared.body()));
  }

  /** Arrivals are randomized (Poisson), as independent users arrive, not evenly spaced. */
  private static OpenInjectionStep[] openSteps(LoadProfile profile) {
    if (profile instanceof LoadProfile.Constant constant) {
      return steps(constantUsersPerSec(constant.rate()).during(constant.duration()).randomized());
    }
    if (profile instanceof LoadProfile.Soak soak) {
      return steps(constantUsersPerSec(soak.rate()).during(soak.duration()).randomized());
    }
    if (profile instanceof LoadProfile.Ramp ramp) {
      OpenInjectionStep rising =
          rampUsersPerSec(ramp.from()).to(ramp.to()).during(ramp.ramp()).randomized();
      return ramp.hold().isZero()
          ? steps(rising)
          : steps(rising, constantUsersPerSec(ramp.to()).during(ramp.hold()).randomized());
    }
    if (profile instanceof LoadProfile.Spike spike) {
      return steps(
          constantUsersPerSec(spike.rate()).during(spike.steady()).randomized(),
          constantUsersPerSec(spike.peak()).during(spike.spike()).randomized(),
          constantUsersPerSec(spike.rate()).during(spike.steady()).randomized());
    }
    if (profile instanceof LoadProfile.Stairs stairs) {
      return steps(
          incrementUsersPerSec(stairs.step())
              .times(stairs.levels())
              .eachLevelLasting(stairs.levelDuration())
              .startingFrom(stairs.from()));
    }
    throw new IllegalArgumentException("not an open profile: " + profile);
  }

  private static OpenInjectionStep[] steps(OpenInjectionStep... steps) {
    return steps;
  }
}
