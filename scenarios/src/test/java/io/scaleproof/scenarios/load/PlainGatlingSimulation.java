package io.scaleproof.scenarios.load;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * The load of {@link GatlingOverheadBenchmarkIT} as a plain Gatling simulation would send it: the
 * same requests and injection as {@link ScalingLoadSimulation}, without scaleproof's plan or its
 * recording of each response's latency. System properties say where and how much.
 */
public class PlainGatlingSimulation extends Simulation {
  static final String URL = "plain.url";
  static final String USERS = "plain.users";
  static final String RATE = "plain.rate";
  static final String SECONDS = "plain.seconds";

  public PlainGatlingSimulation() {
    Duration duration = Duration.ofSeconds(Long.getLong(SECONDS));
    var request = http("plain").get("/work");
    PopulationBuilder population =
        Integer.getInteger(USERS) != null
            ? scenario("plain")
                .exec(request)
                .injectClosed(constantConcurrentUsers(Integer.getInteger(USERS)).during(duration))
            : scenario("plain")
                .exec(request)
                .injectOpen(
                    constantUsersPerSec(Double.parseDouble(System.getProperty(RATE)))
                        .during(duration)
                        .randomized());
    setUp(population.protocols(http.baseUrl(System.getProperty(URL))));
  }
}
