package io.scaleproof.cluster.sim.network;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.control.Controller;
import io.scaleproof.cluster.control.EventRecorder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What the API server does for a Service on a real cluster: allocates its cluster IP (here from the
 * run's Service block on loopback) and fills in the defaults (type ClusterIP, protocol TCP,
 * targetPort = port, sessionAffinity None). A declared clusterIP outside the block cannot be served
 * on this machine; it is replaced, with a Warning event that says so.
 */
public final class ServiceController extends Controller {
  private final KubernetesClient client;
  private final EventRecorder events;
  private final IpPool pool;
  private final Map<String, String> allocated = new ConcurrentHashMap<>();

  public ServiceController(KubernetesClient client, EventRecorder events, IpPool pool) {
    super("service-ip-allocator");
    this.client = client;
    this.events = events;
    this.pool = pool;
  }

  @Override
  public void start() {
    watch(client.services().inAnyNamespace(), s -> Stream.of(key(s)));
  }

  @Override
  protected void reconcile(String key) {
    Service service = client.services().inNamespace(namespaceOf(key)).withName(nameOf(key)).get();
    if (service == null) {
      String ip = allocated.remove(key);
      if (ip != null) {
        pool.release(ip);
      }
      return;
    }
    String declared = service.getSpec().getClusterIP();
    if ("None".equals(declared)) {
      return; // headless: no virtual IP, clients use the endpoints
    }
    String ip = allocated.get(key);
    if (ip == null) {
      if (declared != null && !declared.isEmpty() && pool.reserve(declared)) {
        ip = declared;
      } else {
        ip = pool.allocate();
        if (declared != null && !declared.isEmpty()) {
          events.warning(
              service,
              "service-ip-allocator",
              "ClusterIPOutOfRange",
              "clusterIP "
                  + declared
                  + " is not in the embedded cluster's Service range "
                  + pool.prefix()
                  + "0/24; allocated "
                  + ip
                  + " instead");
        }
      }
      allocated.put(key, ip);
    }
    if (needsDefaults(service, ip)) {
      String clusterIp = ip;
      client.services().resource(service).edit(s -> withDefaults(s, clusterIp));
    }
  }

  private static boolean needsDefaults(Service s, String ip) {
    return !ip.equals(s.getSpec().getClusterIP())
        || s.getSpec().getType() == null
        || s.getSpec().getPorts().stream()
            .anyMatch(p -> p.getProtocol() == null || p.getTargetPort() == null);
  }

  private static Service withDefaults(Service s, String ip) {
    var spec = s.getSpec();
    spec.setClusterIP(ip);
    spec.setClusterIPs(List.of(ip));
    if (spec.getType() == null) {
      spec.setType("ClusterIP");
    }
    if (spec.getSessionAffinity() == null) {
      spec.setSessionAffinity("None");
    }
    for (ServicePort port : spec.getPorts()) {
      if (port.getProtocol() == null) {
        port.setProtocol("TCP");
      }
      if (port.getTargetPort() == null) {
        port.setTargetPort(new IntOrString(port.getPort()));
      }
    }
    return s;
  }
}
