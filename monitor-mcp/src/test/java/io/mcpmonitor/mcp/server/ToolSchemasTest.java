package io.mcpmonitor.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.mcp.fleet.FleetTools;
import io.mcpmonitor.prometheus.fleet.FleetQueries;
import io.mcpmonitor.prometheus.fleet.PromQl;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar's server skips the SDK's check of its tools' schemas at start-up ({@link DeferredSchemaValidator}):
 * this is that check, for every tool the sidecar can serve, with the SDK's own default validator.
 */
class ToolSchemasTest {

    private final JsonSchemaValidator sdk = McpJsonDefaults.getSchemaValidator();

    @Test
    void everyToolsInputSchemaConformsAndNoToolDeclaresAnOutputSchema(@TempDir Path store) throws Exception {
        try (Sidecar sidecar = Sidecar.open(store, AlertPolicy.DEFAULT, n -> { })) {
            List<ToolModule> fleet = FleetTools.over(SidecarTools.all(), new FleetQueries(new PromQl(URI.create("http://127.0.0.1:9"))));
            for (List<ToolModule> modules : List.of(SidecarTools.all(), fleet)) {
                List<SyncToolSpecification> specs = MonitorMcpServer.specifications(McpJsonDefaults.getMapper(),
                        ToolCatalog.of(sidecar.context(), modules));
                assertThat(specs).hasSizeGreaterThan(10);
                for (SyncToolSpecification spec : specs) {
                    JsonSchemaValidator.ValidationResponse r = sdk.validateSchema(spec.tool().inputSchema());
                    assertThat(r.valid()).as(spec.tool().name() + ": " + r.errorMessage()).isTrue();
                    // Without an output schema the SDK validates no answer, so a session never builds the validator.
                    assertThat(spec.tool().outputSchema()).as(spec.tool().name()).isNull();
                }
            }
        }
    }

    @Test
    void theSdksCheckRefusesASchemaThatIsNotOne() {
        assertThat(sdk.validateSchema(Map.of("type", 5)).valid()).isFalse();
    }

    @Test
    void theDeferredValidatorStillValidatesContentWithTheSdksValidator() {
        Map<String, Object> schema = Map.of("type", "object", "required", List.of("a"));
        DeferredSchemaValidator deferred = new DeferredSchemaValidator();
        assertThat(deferred.validate(schema, Map.of()).valid()).isFalse();
        assertThat(deferred.validate(schema, Map.of("a", 1)).valid()).isTrue();
    }
}
