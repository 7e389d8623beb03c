/**
 * Deterministic measurement of a model on a benchmark (no LLM judge). {@link dev.mip.eval.Evaluator}
 * computes, per split, modality and task, multiple-choice accuracy, ROUGE-L for generation
 * ({@link dev.mip.eval.RougeL}) and cloze accuracy, as {@link dev.mip.eval.Metric}s named by the
 * grammar of {@link dev.mip.eval.MetricNames} and collected in an {@link dev.mip.eval.EvalResult};
 * {@link dev.mip.eval.MembershipInference} measures with six attacks ({@link dev.mip.eval.MiaAttack})
 * whether the forget profiles still look trained on, {@link dev.mip.eval.Audit} whether relearning,
 * quantization or another prompt gives the forgotten answers back, and
 * {@link dev.mip.eval.ActivationShift} how far the edit moved each layer's activations.
 *
 * <p>Layer: stages (above train and locate). Uses the base, model and data layers (and may use train
 * and locate); never unlearn.
 */
package dev.mip.eval;
