package io.spacecaps.cli;

import io.spacecaps.asr.ModelRegistry;
import io.spacecaps.config.Setting;
import io.spacecaps.config.SpacecapsConfig;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The pipeline's options on a command, made from {@link SpacecapsConfig#SETTINGS} (one section of
 * help per {@link Setting.Group}), so that a setting added there is an option of every command that
 * runs or talks to the job, with no change here. Values are checked by the configuration itself,
 * before the command starts anything.
 */
final class PipelineOptions {

    /** Names Kafka's own tools use for the same things; accepted as well. */
    private static final Map<String, List<String>> ALIASES = Map.of(
            SpacecapsConfig.BOOTSTRAP, List.of("--bootstrap-server"),
            SpacecapsConfig.KAFKA_PROPERTIES, List.of("--command-config"));

    /** Where a Kafka client properties file comes from when no option names one. */
    static final String KAFKA_PROPERTIES_ENV = "SPACECAPS_KAFKA_PROPERTIES";

    /** The options that only say how to reach Kafka: for commands that talk to it but run no job. */
    static final Predicate<Setting> CONNECTION = s -> s.name().equals(SpacecapsConfig.BOOTSTRAP)
            || s.name().equals(SpacecapsConfig.KAFKA_PROPERTIES);

    static final Predicate<Setting> ALL = s -> true;

    private final Map<String, OptionSpec> bySetting = new LinkedHashMap<>();
    private OptionSpec models;
    private OptionSpec flink;
    private OptionSpec metricsPort;
    private final Map<String, String> environment;

    private PipelineOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Adds the settings {@code which} selects to {@code spec}, grouped as {@link Setting.Group} says.
     *
     * @param withJob also {@code --model TAG=DIR} and {@code -D key=value}, which only a command that runs the job takes
     */
    static PipelineOptions addTo(CommandSpec spec, Predicate<Setting> which, boolean withJob, Map<String, String> environment) {
        PipelineOptions options = new PipelineOptions(environment);
        Map<Setting.Group, ArgGroupSpec.Builder> groups = new EnumMap<>(Setting.Group.class);
        for (Setting setting : SpacecapsConfig.SETTINGS) {
            if (!which.test(setting)) {
                continue;
            }
            OptionSpec option = optionFor(setting);
            options.bySetting.put(setting.name(), option);
            group(groups, setting.group()).addArg(option);
        }
        if (withJob) {
            options.models = OptionSpec.builder("--model")
                    .paramLabel("TAG=DIR")
                    .type(Map.class).auxiliaryTypes(String.class, String.class)
                    .description("a Vosk model directory for a language, e.g. --model de=/models/de "
                            + "(also written --model.de /models/de); en ships with the build")
                    .build();
            group(groups, Setting.Group.RECOGNITION).addArg(options.models);
            options.flink = OptionSpec.builder("-D")
                    .paramLabel("KEY=VALUE")
                    .type(Map.class).auxiliaryTypes(String.class, String.class)
                    .description("a Flink setting for the local MiniCluster, e.g. -D rest.port=8081 "
                            + "or -D restart-strategy.type=none (repeatable)")
                    .build();
            group(groups, Setting.Group.FLINK).addArg(options.flink);
            options.metricsPort = OptionSpec.builder("--metrics-port")
                    .paramLabel("PORT")
                    .type(Integer.class)
                    .description("serve the job's metrics for Prometheus on http://127.0.0.1:PORT/metrics "
                            + "(0: any free port, printed); off unless given")
                    .build();
            group(groups, Setting.Group.FLINK).addArg(options.metricsPort);
        }
        groups.values().forEach(g -> spec.addArgGroup(g.build()));
        return options;
    }

    private static ArgGroupSpec.Builder group(Map<Setting.Group, ArgGroupSpec.Builder> groups, Setting.Group group) {
        return groups.computeIfAbsent(group, g -> ArgGroupSpec.builder()
                .heading("%n" + g.title() + " options:%n")
                .exclusive(false)
                .multiplicity("0..1")
                .validate(false));
    }

    private static OptionSpec optionFor(Setting setting) {
        List<String> names = new ArrayList<>();
        names.add("--" + setting.name());
        names.addAll(ALIASES.getOrDefault(setting.name(), List.of()));
        String description = setting.description()
                + (setting.defaultValue().isEmpty() || setting.description().contains("default") ? "" : " (default: " + setting.defaultValue() + ")");
        OptionSpec.Builder option = OptionSpec.builder(names.toArray(String[]::new))
                .paramLabel(setting.valueLabel())
                .description(description.replace("%", "%%"));
        if (isFlag(setting)) {
            // --diarize alone is --diarize true; only true or false is taken as its value.
            option.type(Boolean.class).arity("0..1").fallbackValue("true");
        } else {
            option.type(String.class).arity("1");
        }
        return option.build();
    }

    private static boolean isFlag(Setting setting) {
        return setting.isFlag();
    }

    /** Whether {@code --name} was given (or, for the properties file, the environment names one). */
    boolean given(String settingName) {
        return values().containsKey(settingName);
    }

    /** The values given, by setting name, as {@link SpacecapsConfig#from} takes them. */
    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        bySetting.forEach((name, option) -> {
            Object value = option.getValue();
            if (value != null) {
                values.put(name, String.valueOf(value));
            }
        });
        if (!values.containsKey(SpacecapsConfig.KAFKA_PROPERTIES) && bySetting.containsKey(SpacecapsConfig.KAFKA_PROPERTIES)) {
            String fromEnvironment = environment.get(KAFKA_PROPERTIES_ENV);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                values.put(SpacecapsConfig.KAFKA_PROPERTIES, fromEnvironment);
            }
        }
        if (models != null && models.getValue() != null) {
            Map<String, String> dirs = models.getValue();
            dirs.forEach((tag, dir) -> values.put(SpacecapsConfig.MODEL_PREFIX + tag, dir));
        }
        return values;
    }

    /** The {@code -D} settings, for the MiniCluster, with the metrics reporter's when {@code --metrics-port} is given. */
    Map<String, String> flinkSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (metricsPort != null && metricsPort.getValue() != null) {
            settings.putAll(io.spacecaps.embedded.LoopbackPrometheusReporter.flinkSettings(metricsPort.<Integer>getValue()));
        }
        if (flink != null && flink.getValue() != null) {
            settings.putAll(flink.<Map<String, String>>getValue());
        }
        return Map.copyOf(settings);
    }

    /**
     * The configuration, checked: every bad value is a usage error naming its option, and a model
     * directory that is not there is found now rather than when the job first needs it.
     */
    SpacecapsConfig config(CommandSpec spec) {
        Map<String, String> values = values();
        checkFlinkSettings(spec);
        SpacecapsConfig config;
        try {
            config = SpacecapsConfig.from(values);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (!bySetting.containsKey(SpacecapsConfig.KAFKA_PROPERTIES) || bySetting.get(SpacecapsConfig.KAFKA_PROPERTIES).getValue() != null) {
                throw new ParameterException(spec.commandLine(), message);
            }
            // The file came from the environment: say so, or the user looks for an option they never gave.
            throw new ParameterException(spec.commandLine(), message.replace("--" + SpacecapsConfig.KAFKA_PROPERTIES,
                    KAFKA_PROPERTIES_ENV + " (--" + SpacecapsConfig.KAFKA_PROPERTIES + ")"));
        }
        if (models != null) {
            try {
                new ModelRegistry(config.modelDirs(), config.defaultLanguage()).checkDirectories();
                for (Map.Entry<String, String> model : config.modelDirs().entrySet()) {
                    checkModel(model.getKey(), model.getValue());
                }
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return config;
    }

    /** A Vosk model directory has am/final.mdl (or final.mdl); anything else fails only when a Space needs it. */
    private static void checkModel(String language, String dir) {
        java.nio.file.Path path = java.nio.file.Path.of(dir);
        if (!java.nio.file.Files.isRegularFile(path.resolve("am").resolve("final.mdl"))
                && !java.nio.file.Files.isRegularFile(path.resolve("final.mdl"))) {
            throw new IllegalArgumentException("--model." + language + " " + dir + " is not a Vosk model directory (no am/final.mdl in it)");
        }
    }

    private void checkFlinkSettings(CommandSpec spec) {
        if (metricsPort != null && metricsPort.getValue() != null) {
            int port = metricsPort.<Integer>getValue();
            if (port < 0 || port > 65535) {
                throw new ParameterException(spec.commandLine(), "--metrics-port takes 0 to 65535, not " + port);
            }
            if (port != 0 && !io.spacecaps.embedded.EmbeddedKafkaBroker.isFree(port)) {
                throw new ParameterException(spec.commandLine(), "--metrics-port " + port + ": that port on 127.0.0.1 is already in use");
            }
        }
        for (String key : flinkSettings().keySet()) {
            if (key.isBlank()) {
                throw new ParameterException(spec.commandLine(), "-D takes KEY=VALUE, with a Flink setting's name as KEY");
            }
            if (key.startsWith("spacecaps.")) {
                String name = key.substring("spacecaps.".length());
                throw new ParameterException(spec.commandLine(), "-D " + key + " is not a Flink setting; Spacecaps settings are options: --"
                        + name + (SpacecapsConfig.isOption(name) ? "" : " (no such option" + SpacecapsConfig.suggestion(name) + ")"));
            }
        }
    }

    /** {@code --model.de DIR} and {@code --model.de=DIR} as picocli takes them: {@code --model de=DIR}. */
    static String[] rewriteModelOptions(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--" + SpacecapsConfig.MODEL_PREFIX) && arg.length() > ("--" + SpacecapsConfig.MODEL_PREFIX).length()) {
                String rest = arg.substring(("--" + SpacecapsConfig.MODEL_PREFIX).length());
                int eq = rest.indexOf('=');
                out.add("--model");
                if (eq >= 0) {
                    out.add(rest.substring(0, eq) + "=" + rest.substring(eq + 1));
                } else if (i + 1 < args.length) {
                    out.add(rest + "=" + args[++i]);
                } else {
                    out.add(rest + "=");
                }
            } else {
                out.add(arg);
            }
        }
        return out.toArray(String[]::new);
    }
}
