package dev.sheaf.planner.model;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A model function ({@code embed_text(model, text)}, {@code clip_text(model, text)}, {@code
 * clip_image(model, img)}): a SQL scalar function whose generated call passes the statement's
 * DataContext to its {@link ModelCalls} method (to reach the models). It returns Calcite's form of
 * VECTOR, an ARRAY of REAL; the vector's size is the model's and is read from the call's literal
 * model name where a type needs it ({@link ModelFunctions#vectorSize}). NULL in, NULL out.
 */
final class ModelFunction implements ScalarFunction, ImplementableFunction {
  private final List<String> names;
  private final boolean bytes;
  private final Method method;

  /**
   * The function of {@link ModelCalls} method {@code method}, its arguments named {@code names}.
   */
  ModelFunction(String method, List<String> names) {
    this(method, names, false);
  }

  /**
   * @param bytes whether the last argument is VARBINARY (an encoded image's bytes) rather than
   *     VARCHAR
   */
  ModelFunction(String method, List<String> names, boolean bytes) {
    this.names = List.copyOf(names);
    this.bytes = bytes;
    try {
      this.method =
          ModelCalls.class.getMethod(
              method,
              org.apache.calcite.DataContext.class,
              String.class,
              bytes ? ByteString.class : String.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    return typeFactory.createTypeWithNullability(
        typeFactory.createArrayType(
            typeFactory.createTypeWithNullability(
                typeFactory.createSqlType(SqlTypeName.REAL), true),
            -1),
        true);
  }

  @Override
  public List<FunctionParameter> getParameters() {
    List<FunctionParameter> parameters = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      int ordinal = i;
      parameters.add(
          new FunctionParameter() {
            @Override
            public int getOrdinal() {
              return ordinal;
            }

            @Override
            public String getName() {
              return names.get(ordinal);
            }

            @Override
            public RelDataType getType(RelDataTypeFactory typeFactory) {
              return typeFactory.createSqlType(
                  bytes && ordinal == names.size() - 1
                      ? SqlTypeName.VARBINARY
                      : SqlTypeName.VARCHAR);
            }

            @Override
            public boolean isOptional() {
              return false;
            }
          });
    }
    return parameters;
  }

  @Override
  public CallImplementor getImplementor() {
    return RexImpTable.createImplementor(
        (translator, call, operands) -> {
          List<Expression> arguments = new ArrayList<>();
          arguments.add(translator.getRoot());
          for (int i = 0; i < operands.size(); i++) {
            boolean binary = bytes && i == operands.size() - 1;
            arguments.add(
                EnumUtils.convert(operands.get(i), binary ? ByteString.class : String.class));
          }
          return Expressions.call(method, arguments);
        },
        NullPolicy.STRICT,
        false);
  }
}
