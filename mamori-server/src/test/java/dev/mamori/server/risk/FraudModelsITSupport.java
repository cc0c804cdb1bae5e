package dev.mamori.server.risk;

/** A hand-written fraud model the model ITs register: every score can be worked out on paper. */
public final class FraudModelsITSupport {
    private FraudModelsITSupport() {
    }

    /** card.count(1h) &lt; 2.5 → -2 else +3; amount &lt; 50 000 → -0.5 else +1 (see RiskModelsTest). */
    public static final String MODEL = """
            {"learner":{"feature_names":["card.count(1h)","amount"],
              "gradient_booster":{"name":"gbtree","model":{"trees":[
                {"left_children":[1,-1,-1],"right_children":[2,-1,-1],"split_indices":[0,0,0],
                 "split_conditions":[2.5,-2.0,3.0],"default_left":[0,0,0],"sum_hessian":[100,90,10],"split_type":[0,0,0]},
                {"left_children":[1,-1,-1],"right_children":[2,-1,-1],"split_indices":[1,0,0],
                 "split_conditions":[50000,-0.5,1.0],"default_left":[0,0,0],"sum_hessian":[100,80,20],"split_type":[0,0,0]}]}},
              "learner_model_param":{"base_score":"5E-1","num_feature":"2"},
              "objective":{"name":"binary:logistic"}}}
            """;

}
