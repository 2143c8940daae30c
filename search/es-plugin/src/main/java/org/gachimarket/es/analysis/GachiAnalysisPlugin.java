package org.gachimarket.es.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.index.mapper.Mapper;
import org.elasticsearch.index.mapper.TextFieldMapper;
import org.elasticsearch.index.reindex.DeleteByQueryAction;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.MapperPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.synonyms.SynonymsManagementAPIService;
import org.gachimarket.es.analysis.common.AsciiFoldingFilterFactory;
import org.gachimarket.es.analysis.common.CjkWidthFilterFactory;
import org.gachimarket.es.analysis.common.EdgeNGramFilterFactory;
import org.gachimarket.es.analysis.common.KeywordTokenizerFactory;
import org.gachimarket.es.analysis.common.LowerCaseFilterFactory;
import org.gachimarket.es.analysis.common.NGramFilterFactory;
import org.gachimarket.es.analysis.common.NGramTokenizerFactory;
import org.gachimarket.es.analysis.common.PatternReplaceCharFilterFactory;
import org.gachimarket.es.analysis.common.SynonymFilterFactory;
import org.gachimarket.es.analysis.common.TrimFilterFactory;
import org.gachimarket.es.analysis.common.UniqueFilterFactory;
import org.gachimarket.es.analysis.common.WhitespaceTokenizerFactory;
import org.gachimarket.es.analysis.nori.NoriAnalyzerProvider;
import org.gachimarket.es.analysis.nori.NoriNumberFilterFactory;
import org.gachimarket.es.analysis.nori.NoriPartOfSpeechFilterFactory;
import org.gachimarket.es.analysis.nori.NoriReadingFormFilterFactory;
import org.gachimarket.es.analysis.nori.NoriTokenizerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.elasticsearch.plugins.AnalysisPlugin.requiresAnalysisSettings;

/**
 * Registers, under the same names and parameters as Elastic's analysis-nori plugin and
 * analysis-common module, the analysis components the Gachi Market index uses. Only names
 * the Elasticsearch server itself does not register are added here (the server already has
 * e.g. the pre-configured {@code lowercase} filter, {@code shingle}, {@code stop},
 * {@code standard}, and the {@code keyword}/{@code whitespace} analyzers).
 *
 * <p>It also fills three gaps of the integration-test distribution, which lacks these modules: it answers
 * {@code GET /} and {@code HEAD /} ({@code rest-root}), and, for the server's synonyms API ({@code _synonyms}),
 * it runs the internal delete-by-query action ({@code reindex}) and maps {@code match_only_text} as
 * {@code text} ({@code mapper-extras}).
 */
public class GachiAnalysisPlugin extends Plugin implements AnalysisPlugin, ActionPlugin, MapperPlugin {
    private volatile ClusterService clusterService;
    /** Reads synonym sets stored in the cluster ({@code synonyms_set}); created with the node's services. */
    private volatile SynonymsManagementAPIService synonymsService;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        this.clusterService = services.clusterService();
        this.synonymsService = new SynonymsManagementAPIService(services.client(), services.clusterService(), services.featureService());
        return List.of();
    }

    /**
     * The synonyms API (in the server) deletes a set's old rules by query; the delete-by-query action lives in
     * the reindex module, which the integration-test distribution lacks. See {@link TransportDeleteByQueryAction}.
     */
    @Override
    public Collection<ActionHandler> getActions() {
        return List.of(new ActionHandler(DeleteByQueryAction.INSTANCE, TransportDeleteByQueryAction.class));
    }

    /**
     * {@code match_only_text} (mapper-extras module, absent from the integration-test distribution), parsed as
     * plain {@code text}: the server's {@code .synonyms} system index maps its {@code synonyms} field with it, so
     * without it the synonyms API cannot store a set. {@code text} answers every query {@code match_only_text}
     * does; it only costs more disk (positions, norms) and its mapping reads back as {@code text}.
     */
    @Override
    public Map<String, Mapper.TypeParser> getMappers() {
        return Map.of("match_only_text", TextFieldMapper.PARSER::parse);
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        RestHandlersServices services,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RootInfoRestHandler(() -> clusterService));
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> tokenizers = new TreeMap<>();
        tokenizers.put("nori_tokenizer", NoriTokenizerFactory::new);
        tokenizers.put("ngram", (indexSettings, env, name, settings) -> new NGramTokenizerFactory(indexSettings, name, settings, false));
        tokenizers.put("edge_ngram", (indexSettings, env, name, settings) -> new NGramTokenizerFactory(indexSettings, name, settings, true));
        tokenizers.put("keyword", KeywordTokenizerFactory::new);
        tokenizers.put("whitespace", WhitespaceTokenizerFactory::new);
        return tokenizers;
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> filters = new TreeMap<>();
        filters.put("nori_part_of_speech", NoriPartOfSpeechFilterFactory::new);
        filters.put("nori_readingform", NoriReadingFormFilterFactory::new);
        filters.put("nori_number", NoriNumberFilterFactory::new);
        // The server only has a pre-configured "lowercase" (usable by name); this makes
        // {"type": "lowercase", "language": ...} definitions work as with analysis-common.
        filters.put("lowercase", LowerCaseFilterFactory::new);
        filters.put("edge_ngram", EdgeNGramFilterFactory::new);
        filters.put("ngram", NGramFilterFactory::new);
        filters.put("synonym", requiresAnalysisSettings((indexSettings, env, name, settings) ->
            new SynonymFilterFactory(indexSettings, env, name, settings, false, () -> synonymsService)));
        filters.put("synonym_graph", requiresAnalysisSettings((indexSettings, env, name, settings) ->
            new SynonymFilterFactory(indexSettings, env, name, settings, true, () -> synonymsService)));
        filters.put("cjk_width", CjkWidthFilterFactory::new);
        filters.put("trim", TrimFilterFactory::new);
        filters.put("unique", UniqueFilterFactory::new);
        filters.put("asciifolding", AsciiFoldingFilterFactory::new);
        return filters;
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        Map<String, AnalysisProvider<CharFilterFactory>> charFilters = new TreeMap<>();
        charFilters.put("pattern_replace", requiresAnalysisSettings(PatternReplaceCharFilterFactory::new));
        return charFilters;
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers = new TreeMap<>();
        analyzers.put("nori", NoriAnalyzerProvider::new);
        return analyzers;
    }
}
