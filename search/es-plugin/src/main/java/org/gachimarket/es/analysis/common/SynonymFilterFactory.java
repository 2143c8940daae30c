package org.gachimarket.es.analysis.common;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.synonyms.SynonymsManagementAPIService;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code synonym} and {@code synonym_graph}. The rules come from one of, in this order of precedence:
 * <ul>
 *   <li>{@code synonyms}: inline rules in the index settings;</li>
 *   <li>{@code synonyms_set}: one set id (or a list of up to 100) stored in the cluster with the synonyms API
 *       ({@code PUT _synonyms/<id>}); only for search-time analyzers ({@code updateable: true});</li>
 *   <li>{@code synonyms_path}: a file relative to the config folder.</li>
 * </ul>
 * Other parameters: {@code format} (solr | wordnet), {@code expand} (true), {@code lenient} (defaults to
 * {@code updateable}), {@code updateable} (search time only, reloadable with {@code _reload_search_analyzers}).
 * As in analysis-common, the rules are analyzed with the tokenizer, char filters and preceding token filters
 * of the analyzer the filter sits in.
 *
 * <p>Synonym sets follow analysis-common's life cycle. While an index is being created or its metadata
 * verified (on the master), the filter starts with no rules, so no master thread waits on the
 * {@code .synonyms} system index. The rules are read when the analyzers are (re)loaded: before a shard
 * recovers (the server reloads updateable analyzers then) and whenever the synonyms API changes a set,
 * which reloads the search analyzers of every index whose filters name that set ({@link #getResourceNames()}).
 * A set that does not exist yet gives an empty filter when {@code lenient} (logged as a warning by the
 * server), and an error otherwise.
 */
public class SynonymFilterFactory extends AbstractTokenFilterFactory {
    static final String INLINE = "synonyms";
    static final String SETS = "synonyms_set";
    static final String PATH = "synonyms_path";
    /** The most sets one filter may name (as in analysis-common). */
    static final int MAX_SETS = 100;

    private final boolean graph;
    private final Environment env;
    private final Settings settings;
    private final boolean expand;
    private final boolean lenient;
    private final String format;
    private final AnalysisMode analysisMode;
    private final String source;
    private final Set<String> sets;
    private final Supplier<SynonymsManagementAPIService> synonymsService;

    public SynonymFilterFactory(
        IndexSettings indexSettings,
        Environment env,
        String name,
        Settings settings,
        boolean graph,
        Supplier<SynonymsManagementAPIService> synonymsService
    ) {
        super(name);
        this.graph = graph;
        this.env = env;
        this.settings = settings;
        this.synonymsService = synonymsService;
        if (settings.hasValue(INLINE)) {
            this.source = INLINE;
        } else if (settings.hasValue(SETS)) {
            this.source = SETS;
        } else if (settings.hasValue(PATH)) {
            this.source = PATH;
        } else {
            throw new IllegalArgumentException(
                "synonym requires either `" + INLINE + "`, `" + SETS + "` or `" + PATH + "` to be configured"
            );
        }
        this.expand = settings.getAsBoolean("expand", true);
        this.format = settings.get("format", "");
        boolean updateable = settings.getAsBoolean("updateable", false);
        this.lenient = settings.getAsBoolean("lenient", updateable);
        this.analysisMode = updateable ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
        this.sets = SETS.equals(source) ? Collections.unmodifiableSet(new LinkedHashSet<>(settings.getAsList(SETS))) : Set.of();
    }

    @Override
    public AnalysisMode getAnalysisMode() {
        return analysisMode;
    }

    @Override
    public Set<String> getResourceNames() {
        return sets;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        throw new IllegalStateException("a synonym filter must be specialized for its analysis chain first");
    }

    @Override
    public TokenFilterFactory getChainAwareTokenFilterFactory(
        IndexCreationContext context,
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previousTokenFilters,
        Function<String, TokenFilterFactory> allFilters
    ) {
        Analyzer ruleAnalyzer = new CustomAnalyzer(
            tokenizer,
            charFilters.toArray(new CharFilterFactory[0]),
            previousTokenFilters.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new)
        );
        final SynonymMap map = buildMap(ruleAnalyzer, context);
        final String name = name();
        final boolean useGraph = graph;
        final AnalysisMode mode = analysisMode;
        final Set<String> resources = sets;
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream tokenStream) {
                if (map.fst == null) {
                    return tokenStream;
                }
                return useGraph ? new SynonymGraphFilter(tokenStream, map, false) : new SynonymFilter(tokenStream, map, false);
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                // Rules of a later synonym filter are not expanded with this one's.
                return IDENTITY_FILTER;
            }

            @Override
            public AnalysisMode getAnalysisMode() {
                return mode;
            }

            @Override
            public Set<String> getResourceNames() {
                // The synonyms API reloads the analyzers whose filters name the set it changed.
                return resources;
            }
        };
    }

    /** Where the rules come from, for error messages. */
    private String origin(boolean fromCluster) {
        return switch (source) {
            case INLINE -> "'" + name() + "' analyzer settings";
            case SETS -> (fromCluster ? "" : "empty placeholder for ") + "synonyms_set " + sets + " in the .synonyms index";
            default -> settings.get(PATH);
        };
    }

    private Reader rules(IndexCreationContext context) {
        switch (source) {
            case INLINE: {
                List<String> lines = Analysis.getWordList(env, settings, INLINE);
                return new StringReader(String.join("\n", lines));
            }
            case SETS: {
                if (analysisMode != AnalysisMode.SEARCH_TIME) {
                    throw new IllegalArgumentException(
                        "Can't apply [" + SETS + "]! Loading synonyms from index is supported only for search time synonyms!"
                    );
                }
                if (sets.isEmpty()) {
                    return new StringReader("");
                }
                if (sets.size() > MAX_SETS) {
                    throw new IllegalArgumentException("At most " + MAX_SETS + " synonym sets may be specified in [" + SETS + "]");
                }
                SynonymsManagementAPIService service = synonymsService.get();
                if (sets.size() > 1 && context == IndexCreationContext.CREATE_INDEX && service != null) {
                    service.checkClusterSupportsMultipleSynonymSets();
                }
                if (context != IndexCreationContext.RELOAD_ANALYZERS) {
                    // Index creation and metadata checks run on the master: don't block it on a search of the
                    // .synonyms index. The shard loads the real rules before it recovers.
                    return new StringReader("");
                }
                if (service == null) {
                    throw new IllegalStateException("the synonyms service is not available yet; cannot load " + SETS + " " + sets);
                }
                return Analysis.getReaderFromIndex(sets, service, lenient);
            }
            default:
                // getReaderFromFile appends "_path" to the prefix when it reports errors.
                return Analysis.getReaderFromFile(env, settings.get(PATH), INLINE);
        }
    }

    private SynonymMap buildMap(Analyzer analyzer, IndexCreationContext context) {
        String origin = origin(context == IndexCreationContext.RELOAD_ANALYZERS);
        // Outside the try: a bad synonyms_set configuration or a set that cannot be loaded is reported as is.
        Reader rules = rules(context);
        try (Reader reader = rules) {
            SynonymMap.Parser parser = "wordnet".equalsIgnoreCase(format)
                ? new LenientWordnetParser(expand, lenient, analyzer)
                : new LenientSolrParser(expand, lenient, analyzer);
            parser.parse(reader);
            return parser.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("failed to build synonyms from [" + origin + "]", e);
        }
    }

    /** With lenient=true, a rule whose terms the analyzer cannot turn into a synonym (e.g. a stop word) is skipped. */
    static final class LenientSolrParser extends SolrSynonymParser {
        private final boolean lenient;

        LenientSolrParser(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (!lenient) {
                    throw e;
                }
                reuse.clear();
                return reuse.get();
            }
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (!lenient || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }
    }

    static final class LenientWordnetParser extends WordnetSynonymParser {
        private final boolean lenient;

        LenientWordnetParser(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (!lenient) {
                    throw e;
                }
                reuse.clear();
                return reuse.get();
            }
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (!lenient || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }
    }
}
