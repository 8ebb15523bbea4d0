package dev.sheaf.planner.media;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A SQL scalar function implemented by a static method of {@link MediaCalls}, {@link ImageCalls} or
 * {@link AvCalls} whose first parameter is the statement's DataContext (Calcite's reflective
 * functions cannot see it; media functions need it to reach the stores). NULL in, NULL out.
 */
final class MediaFunction implements ScalarFunction, ImplementableFunction {
  private final Method method;
  private final SqlTypeName result;
  private final List<FunctionParameter> parameters;
  private final boolean errorTwin;

  MediaFunction(String methodName, SqlTypeName result, List<String> names, SqlTypeName... types) {
    this(methodName, result, false, names, types);
  }

  private MediaFunction(
      String methodName,
      SqlTypeName result,
      boolean errorTwin,
      List<String> names,
      SqlTypeName... types) {
    this.method = find(methodName);
    this.result = result;
    this.errorTwin = errorTwin;
    List<FunctionParameter> list = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      list.add(new Parameter(i, names.get(i), types[i]));
    }
    this.parameters = List.copyOf(list);
  }

  /**
   * The error twin of this function (what {@code try_error(f(...))} becomes): the same arguments,
   * the cell's error as {@code "CODE: message"} or NULL when the function succeeds.
   */
  MediaFunction errorTwin() {
    List<String> names = new ArrayList<>();
    SqlTypeName[] types = new SqlTypeName[parameters.size()];
    for (FunctionParameter parameter : parameters) {
      names.add(parameter.getName());
      types[parameter.getOrdinal()] = ((Parameter) parameter).type();
    }
    return new MediaFunction(method.getName(), SqlTypeName.VARCHAR, true, names, types);
  }

  /** */
  static Method find(String name) {
    for (Class<?> owner :
        List.of(MediaCalls.class, ImageCalls.class, AvCalls.class, DocumentCalls.class)) {
      for (Method method : owner.getMethods()) {
        if (method.getName().equals(name)) {
          return method;
        }
      }
    }
    throw new IllegalArgumentException("no media call " + name);
  }

  @Override
  public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    return typeFactory.createTypeWithNullability(typeFactory.createSqlType(result), true);
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return parameters;
  }

  @Override
  public CallImplementor getImplementor() {
    Class<?>[] types = method.getParameterTypes();
    return RexImpTable.createImplementor(
        (translator, call, operands) -> {
          List<Expression> arguments = new ArrayList<>();
          for (int i = 0; i < operands.size(); i++) {
            Expression argument = EnumUtils.convert(operands.get(i), (Type) types[i + 1]);
            arguments.add(
                errorTwin && types[i + 1].isPrimitive() ? Expressions.box(argument) : argument);
          }
          if (errorTwin) {
            return Expressions.call(
                MediaCellErrors.class,
                "errorOf",
                translator.getRoot(),
                Expressions.constant(method.getName()),
                Expressions.newArrayInit(Object.class, arguments));
          }
          arguments.add(0, translator.getRoot());
          return Expressions.call(method, arguments);
        },
        NullPolicy.STRICT,
        false);
  }

  private record Parameter(int ordinal, String name, SqlTypeName type)
      implements FunctionParameter {
    @Override
    public int getOrdinal() {
      return ordinal;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public RelDataType getType(RelDataTypeFactory typeFactory) {
      return typeFactory.createSqlType(type);
    }

    @Override
    public boolean isOptional() {
      return false;
    }
  }
}
